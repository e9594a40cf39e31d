package wire

import (
	"net/http"

	"onestop/kiosk"
)

// httpStatus is the one table that maps error codes to HTTP statuses.
var httpStatus = map[string]int{
	kiosk.EINVALID:      http.StatusBadRequest,
	kiosk.EUNAUTHORIZED: http.StatusUnauthorized,
	kiosk.EFORBIDDEN:    http.StatusForbidden,
	kiosk.ENOTFOUND:     http.StatusNotFound,
	kiosk.ECONFLICT:     http.StatusConflict,
	kiosk.ELIMIT:        http.StatusUnprocessableEntity,
	kiosk.EUNAVAILABLE:  http.StatusServiceUnavailable,
	kiosk.EINTERNAL:     http.StatusInternalServerError,
	CodeSeqGap:          http.StatusConflict,
	CodeVersion:         http.StatusConflict,
	CodeTooLarge:        http.StatusRequestEntityTooLarge,
	CodeBusy:            http.StatusTooManyRequests,
	CodeMethod:          http.StatusMethodNotAllowed,
}

// HTTPStatus returns the status for an error code; unknown codes are 500.
func HTTPStatus(code string) int {
	if s, ok := httpStatus[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}
