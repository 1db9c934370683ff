"""What a run keeps between runs: the lock that stops two runs at once, and the state
database that makes runs incremental and merges each run into the dataset."""
