// Events are stored in batches: one (:EventBatch) per stack per committed transaction, holding the
// events with sequence numbers first..last as parallel lists (event i has seq first + i). A batch
// of 500 resource events costs one node instead of 500, which is most of what events used to cost
// the engine. Read them back with cypher/browser/06-events.cypher.
CREATE CONSTRAINT event_batch_first IF NOT EXISTS FOR (b:EventBatch) REQUIRE (b.stackId, b.first) IS UNIQUE;
CREATE INDEX event_batch_last IF NOT EXISTS FOR (b:EventBatch) ON (b.stackId, b.last);
