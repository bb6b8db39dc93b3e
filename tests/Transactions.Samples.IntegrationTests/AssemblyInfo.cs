// Each test class runs a whole system of six processes: one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
