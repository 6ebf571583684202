/**
 * Versioned schema migrations, one file each, applied in version order; the database's
 * `user_version` records the last one applied. Never edit a shipped migration: add the
 * next one.
 */
import { migration as m0001 } from './0001-skeleton.js';
import { migration as m0002 } from './0002-contacts-agents.js';
import { migration as m0003 } from './0003-staff-auth.js';
import { migration as m0004 } from './0004-cases.js';
import { migration as m0005 } from './0005-kiosk-errands.js';
import { migration as m0006 } from './0006-sms-notify.js';
import { migration as m0007 } from './0007-appointments.js';
import { migration as m0008 } from './0008-kiosk-pin.js';
import { migration as m0010 } from './0010-displays.js';
import { migration as m0009 } from './0009-alerts.js';
import { migration as m0011 } from './0011-statistics-settings.js';
import { migration as m0012 } from './0012-special-days.js';
import { migration as m0013 } from './0013-staffing.js';
import { migration as m0014 } from './0014-device-credentials.js';
import { migration as m0015 } from './0015-retention.js';
import { migration as m0016 } from './0016-waiting-lines.js';
import { migration as m0017 } from './0017-plain-lines.js';
import { migration as m0018 } from './0018-waiting-groups.js';
import { migration as m0019 } from './0019-queued-print-jobs.js';
import { migration as m0020 } from './0020-history-indexes.js';
import { migration as m0021 } from './0021-partial-contact-indexes.js';

export interface Migration { version: number; name: string; sql: string }

export const migrations: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019, m0020, m0021].sort((a, b) => a.version - b.version);
