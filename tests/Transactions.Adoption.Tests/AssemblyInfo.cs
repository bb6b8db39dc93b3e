// The tests here pack, build and start processes: one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
