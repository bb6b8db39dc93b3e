// Spans and meters are process-wide: the tests filter by trace id and meter instance, and run one class at a time
// to keep the shared 2-core machines calm.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
