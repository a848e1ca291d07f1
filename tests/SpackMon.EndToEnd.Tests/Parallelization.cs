// Test classes run two at a time: each has its own server and temp folders, and a build spends much of its time
// in restore and process start-up, so two builds overlap well even on two cores.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
