/** The purchase horizons the predictive score trains for and the doctrine advisor reads (contract: TrainModelBodySchema). */
export type HorizonDays = 30 | 90 | 180;
export const HORIZONS: readonly HorizonDays[] = [30, 90, 180];
