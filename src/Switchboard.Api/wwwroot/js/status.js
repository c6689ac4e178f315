// One polite live region for what just happened ("Connection created"), read out by screen readers.
const region = () => document.getElementById('status');
let hideTimer = null;

export function announce(message, tone = 'info') {
  const element = region();
  if (!element) return;
  element.textContent = message;
  element.dataset.tone = tone;
  element.classList.add('visible');
  clearTimeout(hideTimer);
  // The message stays in the region (for assistive technology); only the toast fades.
  hideTimer = setTimeout(() => element.classList.remove('visible'), 8000);
}
