// Deadline states in the order planners read them, with colours that keep white text legible (WCAG AA).
export const STATES = ["OVERDUE", "DUE_SOON", "ON_TRACK", "DONE", "NO_DEADLINE"];

export const STATE_COLOURS = {
  OVERDUE: "#b3261e",
  DUE_SOON: "#a14a00",
  ON_TRACK: "#1e6b35",
  DONE: "#2f5597",
  NO_DEADLINE: "#5f6368",
};
