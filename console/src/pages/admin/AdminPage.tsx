/**
 * The admin page (admin role only). Its one section for now is "Enheter": device
 * enrolment (issue 9). Each section keeps its own state and refresh, like the facility page.
 */
import { DevicesSection } from './DevicesSection.js';
import './admin.css';

export function AdminPage() {
  return (
    <div class="admin" data-testid="admin-page">
      <DevicesSection />
    </div>
  );
}
