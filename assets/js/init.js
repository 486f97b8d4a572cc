// Starts GOV.UK Frontend's components (error summary focus, service navigation
// toggle). Every page works without this script; it only improves them.
import { initAll } from "../govuk/govuk-frontend.min.js";
initAll();

// After the live plain-language check swaps in new findings for a box that now
// has words in it, an error from the last save about that box (such as "Say
// what the project is for") is out of date. Clear it, beside the box and in the
// error summary, so old and new advice never sit side by side.
function clearStaleError(panel) {
  const group = panel.closest(".govuk-form-group");
  const box = group && group.querySelector("textarea");
  if (!box || !box.value.trim()) return;
  const errorId = `${box.id}-error`;
  document.getElementById(errorId)?.remove();
  group.classList.remove("govuk-form-group--error");
  box.classList.remove("govuk-textarea--error");
  const describedBy = (box.getAttribute("aria-describedby") || "")
    .split(" ")
    .filter((id) => id && id !== errorId);
  if (describedBy.length) box.setAttribute("aria-describedby", describedBy.join(" "));
  else box.removeAttribute("aria-describedby");
  const summary = document.querySelector(".govuk-error-summary");
  if (!summary) return;
  summary.querySelector(`a[href="#${CSS.escape(box.id)}"]`)?.closest("li")?.remove();
  if (!summary.querySelector(".govuk-error-summary__list li")) {
    summary.remove();
    document.title = document.title.replace(/^Error: /, "");
  }
}

document.body.addEventListener("htmx:afterSwap", (event) => {
  const panel = event.detail && event.detail.target;
  if (panel && panel.id && panel.id.startsWith("plain-")) clearStaleError(panel);
});
