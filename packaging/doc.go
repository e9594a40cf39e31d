// Package packaging holds what `make package` turns into installable
// artefacts: the nfpm configs, systemd units, X session and conffiles of
// the kiosk and central .deb files (kiosk/, central/) and the pinned
// packaging tools (tools/go.mod). Its tests check the artefacts that
// `make package` leaves in build/package/.
package packaging
