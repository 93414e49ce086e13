/** Object UIDs: RFC 4122 version-4 shaped, drawn from the seeded generator so runs repeat exactly. */
import type { SeededRandom } from "../rng";

function hex(rng: SeededRandom, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += rng.int(0, 15).toString(16);
  return out;
}

/** A deterministic `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` UID. */
export function generateUid(rng: SeededRandom): string {
  const variant = (8 + rng.int(0, 3)).toString(16);
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${variant}${hex(rng, 3)}-${hex(rng, 12)}`;
}
