/**
 * SMS notices for walk-in visitors (issue 6): a visitor may leave a mobile number to get a
 * text when they are a few places from the front and when they are called.
 *
 * Privacy (DESIGN §7): `notify_phone` is PERSONAL DATA, the only personal datum on a
 * contact. It is kept only while the visit lasts: the trigger below blanks it in the same
 * statement that ends the visit (done, no_show, cancelled), whatever code path ends it,
 * and a finished visit can never be given one again. The notifier also blanks numbers
 * left on contacts of an earlier service day. The number never enters the event log,
 * the outbox, a ticket answer or a log line (logs mask all but its last two digits).
 *
 * The other columns are not personal: when the "soon" text was claimed, how many calls
 * have been texted (so a recall texts again), and failed attempts of the current text.
 */
export const migration = {
  version: 6,
  name: 'sms-notify',
  sql: `
    -- E.164 ("+46701234567"); NULL = no SMS wanted, or the visit is over.
    ALTER TABLE contacts ADD COLUMN notify_phone TEXT;
    -- When the "soon your turn" text was claimed for sending; NULL = not yet.
    ALTER TABLE contacts ADD COLUMN notify_soon_at TEXT;
    -- Calls texted so far in the current call round: recalls + 1 once the latest is sent.
    ALTER TABLE contacts ADD COLUMN notify_called_recalls INTEGER NOT NULL DEFAULT 0;
    -- Failed sends of the text now due; the notifier gives up on it after 3.
    ALTER TABLE contacts ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;

    -- The number does not outlive the visit.
    CREATE TRIGGER contacts_forget_phone AFTER UPDATE OF state ON contacts
      WHEN NEW.state IN ('done','no_show','cancelled') AND NEW.notify_phone IS NOT NULL
      BEGIN UPDATE contacts SET notify_phone = NULL WHERE id = NEW.id; END;
    CREATE TRIGGER contacts_no_phone_after_visit BEFORE UPDATE OF notify_phone ON contacts
      WHEN NEW.notify_phone IS NOT NULL AND NEW.state IN ('done','no_show','cancelled')
      BEGIN SELECT RAISE(ABORT, 'a finished visit keeps no phone number'); END;
    -- A new state or a recall is a new text: its attempts start afresh. Back in the queue
    -- (requeued, transferred), the next call is texted again.
    CREATE TRIGGER contacts_notify_round AFTER UPDATE OF state, recalls ON contacts
      WHEN NEW.notify_phone IS NOT NULL AND (OLD.state IS NOT NEW.state OR OLD.recalls IS NOT NEW.recalls)
      BEGIN
        UPDATE contacts SET notify_attempts = 0,
          notify_called_recalls = CASE WHEN NEW.state = 'waiting' THEN 0 ELSE notify_called_recalls END
        WHERE id = NEW.id;
      END;
    CREATE INDEX contacts_notify ON contacts (state) WHERE notify_phone IS NOT NULL;
  `,
};
