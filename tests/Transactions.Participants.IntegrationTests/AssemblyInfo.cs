// Each test class starts a coordinator process and three apps; running classes in parallel on a 2-core
// machine only adds timing noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
