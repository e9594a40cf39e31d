package console

// SetReleaseUploadCap lowers the publish upload's cap for a test and
// returns what puts it back (the console's tests do not run in parallel).
func SetReleaseUploadCap(n int64) (restore func()) {
	old := rlMaxUpload
	rlMaxUpload = n
	return func() { rlMaxUpload = old }
}
