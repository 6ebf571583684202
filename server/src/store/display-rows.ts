/** A display's row and the retained config devices get from it: one builder for every publisher. */
import type { DisplayConfig, DisplayLayout } from '@entre/protocol';

export interface DisplayRow {
  id: string; site_id: string; zone_id: string; name: string; languages_json: string; chime: number; volume: number;
  layout: DisplayLayout; speech: number; show_staff_name: number;
}

export function displayConfigOf(r: DisplayRow, at: Date): DisplayConfig {
  return {
    v: 1, at: at.toISOString(), display: r.id, zone: r.zone_id, name: r.name,
    languages: JSON.parse(r.languages_json) as string[], chime: r.chime === 1, volume: r.volume,
    layout: r.layout, speech: r.speech === 1, showStaffName: r.show_staff_name === 1,
  };
}
