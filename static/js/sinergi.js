// Page behaviour that used to sit in inline handlers, which the Content-Security-Policy
// forbids: `data-print` prints the page; `data-confirm` asks before a submit button posts.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print], [data-confirm]");
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    event.preventDefault();
    window.print();
  } else if (!window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
