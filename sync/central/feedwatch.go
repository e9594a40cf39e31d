package central

// FeedWatcher lets a long poll wait for a hall's feed to move instead
// of asking again and again.
type FeedWatcher interface {
	// FeedChanged returns a channel closed once a change for hallID
	// commits after the call, in this process or (PostgreSQL) in any
	// process on the same database. It may also close with nothing new
	// (a lost notification connection wakes everyone), so a waiter reads
	// the feed again and waits again if it is still up to date.
	FeedChanged(hallID string) <-chan struct{}
}
