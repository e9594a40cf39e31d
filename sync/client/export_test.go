package client

// Due exposes the syncer's schedule to the external tests.
func (s *Syncer) Due(nudged bool) bool { return s.due(nudged) }
