// Starts GOV.UK Frontend's components (error summary focus, service navigation
// toggle). Every page works without this script; it only improves them.
import { initAll } from "../govuk/govuk-frontend.min.js";
initAll();
