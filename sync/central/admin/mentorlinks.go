package admin

import (
	"context"

	"onestop/kiosk"
	"onestop/sync/central"
)

// MentorLink makes the mentor a new private link to their day page
// (revoking the old one) and returns its token, which is shown once:
// central keeps only its hash. The token is kiosk.NewToken's, 160
// random bits in an alphabet that survives being read aloud.
func (a *Admin) MentorLink(ctx context.Context, mentorID string) (string, central.MentorLink, error) {
	token, err := kiosk.NewToken(a.random)
	if err != nil {
		return "", central.MentorLink{}, err
	}
	l, err := a.store.CreateMentorLink(ctx, mentorID, central.HashSecret(token))
	if err != nil {
		return "", l, err
	}
	return token, l, nil
}
