/** The name of the staff member who called, when the display is set to show it. */
export function StaffName({ name, class: className }: { name: string; class?: string }) {
  return (
    <span class={`staff-name ${className ?? ''}`} data-testid="staff-name">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" class="staff-icon">
        <circle cx="12" cy="8" r="4.2" fill="currentColor" />
        <path d="M3.5 21c.8-4.6 4.2-7 8.5-7s7.7 2.4 8.5 7z" fill="currentColor" />
      </svg>
      {name}
    </span>
  );
}
