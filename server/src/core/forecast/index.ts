/** Arrivals forecast per service × channel × 15-minute slot, and its backtest. Pure. */
export { DEFAULT_METHOD, forecast, type ForecastDay, type ForecastMethod, type ForecastOptions, type History, type HistoryCount, type SpecialDay } from './forecast.js';
export { backtest, type Accuracy, type BacktestOptions, type BacktestResult } from './backtest.js';
export { INTERVAL_MINUTES, INTERVALS_PER_DAY, intervalLabel, intervalStart, localQuarter, wallClockSlots } from './intervals.js';
export { addDays, dayNumber, dateOfDay, easterSunday, swedishHolidays, weekdayOfDay, type Holiday } from './calendar.js';
