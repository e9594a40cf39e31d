// Command fynehello is the smallest Fyne app, built and started exactly
// like the kiosk. The cold-start benchmark measures it beside the kiosk so
// the kiosk's own start-up cost can be told apart from Fyne's and GL's.
package main

import (
	"flag"
	"fmt"

	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	exit := flag.Bool("exit-after-start", false, "quit as soon as the app has started")
	flag.Parse()
	a := app.New()
	w := a.NewWindow("hello")
	w.SetContent(widget.NewLabel("hello"))
	a.Lifecycle().SetOnStarted(func() {
		fmt.Println("hello: started")
		if *exit {
			a.Quit()
		}
	})
	w.ShowAndRun()
}
