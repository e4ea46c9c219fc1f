// Events carry sequence numbers allocated under the stack lock by the same transaction.
UNWIND $events AS e
CREATE (ev:Event)
SET ev = e
RETURN count(ev) AS created
