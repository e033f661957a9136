/**
 * The interventions every family at risk of stunting (KRS) should receive, in display order; they are
 * also the column names of the `krs_convergence` table, so SQL may interpolate them.
 */
export const INTERVENTIONS = ['food', 'cash', 'health_visit', 'sanitation', 'counselling'] as const;
export type Intervention = (typeof INTERVENTIONS)[number];
