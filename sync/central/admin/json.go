package admin

import (
	"time"

	"onestop/kiosk"
)

// The JSON of the admin operations, as the admin API takes and answers
// it; the CLI prints the same shapes.

// LoginRequest and LoginResponse are the admin login's JSON.
type LoginRequest struct {
	Name     string `json:"name"`
	Password string `json:"password"`
}

type LoginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// EnrollCodeRequest and EnrollCodeResponse are the JSON of
// POST /api/v1/admin/enroll-codes.
type EnrollCodeRequest struct {
	HallID string `json:"hall_id"`
}

type EnrollCodeResponse struct {
	Code      string    `json:"code"`
	HallID    string    `json:"hall_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// RequestStatusRequest is a handler's step on a request.
type RequestStatusRequest struct {
	Status kiosk.RequestStatus `json:"status"`
	Note   string              `json:"note"`
	DueAt  time.Time           `json:"due_at"`
}
