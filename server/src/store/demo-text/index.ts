/** The demo site's visitor-facing data in every language the kiosk offers. */
import type { DemoText } from './types.js';
import { sv } from './sv.js';
import { en } from './en.js';
import { ar } from './ar.js';
import { fa } from './fa.js';
import { prs } from './prs.js';
import { ckb } from './ckb.js';
import { kmr } from './kmr.js';
import { tr } from './tr.js';
import { az } from './az.js';
import { bs } from './bs.js';
import { hr } from './hr.js';
import { sr } from './sr.js';
import { so } from './so.js';
import { ti } from './ti.js';
import { ru } from './ru.js';
import { uk } from './uk.js';
import { pl } from './pl.js';
import { de } from './de.js';
import { es } from './es.js';
import { it } from './it.js';
import { fi } from './fi.js';

export type { DemoText } from './types.js';

export const demoTexts: Record<string, DemoText> = { sv, en, ar, fa, prs, ckb, kmr, tr, az, bs, hr, sr, so, ti, ru, uk, pl, de, es, it, fi };
