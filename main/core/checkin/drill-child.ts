/**
 * The durability drill's victim (see drill.test.ts): checks guests in as fast as it can and prints
 * each check-in id only after checkIn returned, i.e. after the commit. The test SIGKILLs it at
 * random moments and then holds the replica to every id it printed.
 *
 *   node --import tsx main/core/checkin/drill-child.ts DATA_DIR ROUND
 */
import { writeSync } from 'node:fs';
import { nowIso, systemClock } from '../../../common/clock';
import { freshPlainCodes } from '../db/demo-queries';
import { openReplica } from '../db/open';
import { currentEventId } from '../db/settings-queries';
import { eventSigner } from '../tickets/keys';
import { checkinEngine } from './engine';

const [dataDir, round] = process.argv.slice(2);
if (!dataDir || !round) throw new Error('usage: drill-child.ts DATA_DIR ROUND');
const db = openReplica(dataDir);
const eventId = currentEventId(db)!;
const engine = checkinEngine(db, systemClock);
const sign = eventSigner(db, eventId, nowIso(systemClock));
const plain = freshPlainCodes(db, eventId, 'General', 100_000);

writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  // Alternate a listed guest with a signed ticket the replica has never seen, so a kill can also
  // land between the new attendee row and its check-in (they share one transaction).
  // Serials of different rounds never meet: a round is killed within its first hundred or so check-ins.
  if (i >= 50_000) throw new Error('the round ran past its serials');
  const code = i % 2 === 0 && i / 2 < plain.length ? plain[i / 2]! : sign({ serial: Number(round) * 50_000 + i, ticketType: 'General' });
  const result = engine.checkIn(code, { kioskId: `drill-${round}` });
  if (!result.checkinId) throw new Error(`expected a check-in, got ${result.verdict}`);
  writeSync(1, `${result.checkinId}\n`);
}
