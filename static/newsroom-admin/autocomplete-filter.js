/* A changelist filter over a large table: choosing a row in its search box opens the list
   filtered by it (the query string keeps the other filters). Django's autocomplete.js turns
   the box into a select2 search; this only follows the choice. */
'use strict';
{
    const follow = (select) => {
        const value = select.value;
        if (!value) {
            return;
        }
        const url = new URL(select.dataset.filterUrl, window.location.href);
        url.searchParams.set(select.dataset.filterParameter, value);
        window.location.assign(url.toString());
    };
    window.addEventListener('load', () => {
        for (const select of document.querySelectorAll('select.autocomplete-filter')) {
            // select2 announces its choice through jQuery's change event.
            window.django.jQuery(select).on('change', () => follow(select));
        }
    });
}
