// Package feed polls RSS, Atom and JSON feeds and hands their items to the
// ingest pipeline.
//
// The package is split along the life of one poll:
//
//   - sources.go reads and validates feeds.yaml ([LoadSources]);
//   - fetch.go performs one conditional HTTP GET with hard limits ([Fetcher]);
//   - parse.go and charset.go turn any body into UTF-8 items ([Parse]);
//   - refresh.go is the single coordinator for one feed ([Poller.Refresh]):
//     fetch, status handling, parse, [Sink.Ingest], then [State];
//   - poller.go schedules feeds and bounds concurrency ([Poller]).
//
// The guarantee is "nothing lost, nothing twice": a feed's validators
// (ETag, Last-Modified) and content hash are persisted only after the sink
// has accepted its items, so a crash or an ingest error makes the next poll
// fetch and ingest the same items again, and the sink deduplicates them.
// A broken, slow, huge or hostile feed only marks that feed as failing, with
// a short human reason in [State.LastError], and is retried with backoff.
package feed
