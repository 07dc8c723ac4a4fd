// Enter sends, Shift+Enter makes a new line. The composer is bound to its room, so Enter cannot misdirect:
// it submits this composer's own form, which sends to that room or fails.
export function sendOnEnter(textarea) {
    textarea.addEventListener("keydown", event => {
        if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
        event.preventDefault();
        textarea.form?.requestSubmit();
    });
}
