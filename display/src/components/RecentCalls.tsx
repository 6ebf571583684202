import { useDisplay } from '../state/context.js';
import { Label } from './Label.js';
import { Localized } from './Localized.js';
import { WayArrow } from './WayArrow.js';
import { StaffName } from './StaffName.js';
import './RecentCalls.css';

/** The calls before the latest one, newest first. */
export function RecentCalls({ shown }: { shown: number }) {
  const state = useDisplay();
  // While a test call has the large slot, the real latest call stays in sight here.
  const from = state.testCall.value ? 0 : 1;
  const recent = state.board.value?.calls.slice(from, from + shown) ?? [];
  const staff = state.showStaffName.value;

  return (
    <section class="recent" aria-labelledby="recent-heading">
      <h2 class="heading" id="recent-heading"><Label name="display.latest" class="" /></h2>
      <ol class="recent-list">
        {recent.map((call) => (
          <li key={call.id} class="recent-call" data-testid="recent-call" data-call-id={call.id}>
            <span class="recent-ticket" data-testid="recent-ticket" dir="ltr">{call.ticket}</span>
            <WayArrow arrow={call.wayfinding?.arrow} class="recent-arrow" />
            <span class="recent-where">
              <Localized text={call.servicePointName} class="recent-point" />
              {call.wayfinding?.hint && <Localized text={call.wayfinding.hint} class="recent-hint" />}
              {staff && call.staffName && <StaffName name={call.staffName} class="recent-staff" />}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
