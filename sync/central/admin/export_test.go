package admin

// DummyHash is dummyHash, for the test that checks its cost.
var DummyHash = dummyHash
