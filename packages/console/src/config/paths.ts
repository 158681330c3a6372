/** The console's URLs, in one place. Nothing sensitive ever goes in one (no key, no purpose). */
export const PATHS = {
  home: "/",
  signIn: "/sign-in",
  bookings: "/bookings",
  booking: "/bookings/$transactionId",
  submit: "/submit",
  lescQueue: "/lesc/queue",
  lescCase: "/lesc/cases/$transactionId",
  ebtsViewer: "/ebts-viewer",
} as const;
