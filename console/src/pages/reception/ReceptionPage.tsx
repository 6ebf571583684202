import { useEffect, useMemo } from 'preact/hooks';
import { useApi } from '../../lib/api-context.js';
import { createReceptionState, ReceptionContext } from './reception-state.js';
import { NoticeBar } from './NoticeBar.js';
import { QueueBoard } from './QueueBoard.js';
import { ContactDialog } from './ContactDialog.js';
import { IssueTicketForm } from './IssueTicketForm.js';
import { AppointmentsPanel } from './AppointmentsPanel.js';
import { DisplaysPanel } from './DisplaysPanel.js';
import { rx } from './strings.js';
import './reception.css';
import { LIVE, useLiveRefresh } from '../../lib/live.js';

/**
 * Reception: every queue live (move, reorder, pin, transfer, cancel), a ticket for a
 * visitor at the desk, bookings with their codes, and the displays.
 */
export function ReceptionPage() {
  const http = useApi();
  const state = useMemo(() => createReceptionState(http), [http]);
  useLiveRefresh([LIVE.queues, LIVE.calls], state.refresh);
  useEffect(() => {
    state.start();
    return () => state.stop();
  }, [state]);

  return (
    <ReceptionContext.Provider value={state}>
      <div class="rx">
        <NoticeBar />
        <div class="rx-layout">
          <QueueBoard />
          <div class="rx-side">
            <IssueTicketForm />
            <AppointmentsPanel />
            {/* The displays slot: zone and layout, messages, test call, volume (DisplaysPanel.tsx). */}
            <section class="rx-panel rx-displays" aria-labelledby="rx-displays-title">
              <h2 id="rx-displays-title">{rx.displaysTitle}</h2>
              <DisplaysPanel />
            </section>
          </div>
        </div>
        <ContactDialog />
      </div>
    </ReceptionContext.Provider>
  );
}
