package central

// DummyHash is dummyHash, for the test that checks its cost.
var DummyHash = dummyHash
