// The draft's browser protocol hands a token to another site with a form POST; this sends the
// one form marked for it as soon as the page loads. Without scripts, its button does the same.
const form = document.getElementById('auto-post');
if (form instanceof HTMLFormElement) form.submit();
