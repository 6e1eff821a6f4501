// Scheduling's progressive enhancements (ADR 0076, 0077). Every page works without this script:
// - the calendar: drag a booking onto another slot to move it (POST to the rebook API; the server re-checks
//   everything and its refusal is shown as it gives it); without the script, "Move" and the slot panel do the same;
// - the arrivals board: asks every 15 seconds whether the day's list has changed and, if so, fetches the page again
//   and swaps the list in; waiting times tick on between fetches. Without the script, reload the page.
(function () {
    'use strict';

    var POLL_MS = 15000;
    var enhancedCalendar = null;
    var liveBoard = null;
    var boardTimer = null;

    function minutesText(ms) {
        var total = Math.max(0, Math.floor(ms / 60000));
        if (total < 60) { return total + ' min'; }
        var m = total % 60;
        return Math.floor(total / 60) + ' h ' + (m < 10 ? '0' : '') + m + ' min';
    }

    function problemText(problem, status) {
        if (problem && problem.errors) {
            var parts = [];
            Object.keys(problem.errors).forEach(function (k) { parts = parts.concat(problem.errors[k]); });
            if (parts.length) { return parts.join(' '); }
        }
        if (problem && (problem.detail || problem.title)) { return problem.detail || problem.title; }
        return 'The appointment could not be moved (status ' + status + ').';
    }

    function initCalendar() {
        var calendar = document.querySelector('[data-calendar]');
        var dialog = document.querySelector('[data-rebook-dialog]');
        if (!calendar || !dialog || calendar === enhancedCalendar || typeof dialog.showModal !== 'function') { return; }
        enhancedCalendar = calendar;
        calendar.setAttribute('data-enhanced', 'drag'); // says the drag and drop is ready (page tests wait for it)
        var dragged = null;
        var target = null;
        var error = dialog.querySelector('[data-rebook-error]');
        var summary = dialog.querySelector('[data-rebook-summary]');

        calendar.addEventListener('dragstart', function (e) {
            var booking = e.target.closest ? e.target.closest('[data-appointment]') : null;
            if (!booking || !booking.dataset.appointment) { return; }
            dragged = booking;
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', booking.dataset.appointment);
            booking.classList.add('cal-booking--dragging');
        });
        calendar.addEventListener('dragend', function () {
            if (dragged) { dragged.classList.remove('cal-booking--dragging'); }
            calendar.querySelectorAll('.cal-slot--over').forEach(function (s) { s.classList.remove('cal-slot--over'); });
        });
        calendar.addEventListener('dragover', function (e) {
            var slot = e.target.closest ? e.target.closest('[data-slot]') : null;
            if (!slot || !dragged) { return; }
            e.preventDefault(); // any slot is a drop target: the server says why a taken or past one cannot be used
            e.dataTransfer.dropEffect = 'move';
            slot.classList.add('cal-slot--over');
        });
        calendar.addEventListener('dragleave', function (e) {
            var slot = e.target.closest ? e.target.closest('[data-slot]') : null;
            if (slot) { slot.classList.remove('cal-slot--over'); }
        });
        calendar.addEventListener('drop', function (e) {
            var slot = e.target.closest ? e.target.closest('[data-slot]') : null;
            if (!slot || !dragged) { return; }
            e.preventDefault();
            slot.classList.remove('cal-slot--over');
            target = slot;
            error.hidden = true;
            error.textContent = '';
            var time = slot.querySelector('.cal-slot__time');
            summary.textContent = 'Move ' + (dragged.querySelector('a') ? dragged.querySelector('a').textContent.trim() : 'the appointment') +
                ' to ' + (slot.closest('.cal-day').querySelector('.cal-day__title').textContent.trim()) + ' at ' + (time ? time.firstChild.textContent.trim() : '') + '.';
            dialog.showModal();
        });

        dialog.addEventListener('submit', function (e) {
            var submitter = e.submitter;
            if (!submitter || submitter.value !== 'move') { dragged = null; return; } // "Keep it where it is" closes the dialog
            e.preventDefault();
            var form = e.target;
            var by = form.querySelector('input[name="by"]:checked');
            var body = { slotId: target.dataset.slot, reason: form.reason.value, by: by ? by.value : null };
            submitter.disabled = true;
            fetch('/api/v1/scheduling/appointments/' + encodeURIComponent(dragged.dataset.appointment) + '/rebook', {
                method: 'POST',
                credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
                body: JSON.stringify(body)
            }).then(function (response) {
                if (response.ok) {
                    return response.json().then(function () {
                        var url = new URL(window.location.href);
                        url.searchParams.delete('slot');
                        url.searchParams.delete('move');
                        url.searchParams.set('message', 'Appointment moved.');
                        window.location.assign(url.toString());
                    });
                }
                return response.json().catch(function () { return null; }).then(function (problem) {
                    error.textContent = problemText(problem, response.status);
                    error.hidden = false;
                });
            }).catch(function () {
                error.textContent = 'The server could not be reached. Nothing was changed.';
                error.hidden = false;
            }).then(function () { submitter.disabled = false; });
        });
    }

    function tickWaiting(board, skew) {
        var now = Date.now() + skew;
        board.querySelectorAll('[data-arrived]').forEach(function (cell) {
            var arrived = Date.parse(cell.dataset.arrived);
            if (!isNaN(arrived)) { cell.textContent = minutesText(now - arrived); }
        });
    }

    function initBoard() {
        var board = document.querySelector('[data-live-board]');
        if (board === liveBoard) { return; }
        if (boardTimer !== null) { window.clearInterval(boardTimer); boardTimer = null; }
        liveBoard = board;
        if (!board) { return; }
        var skew = 0;
        var status = document.querySelector('[data-live-status]');
        var busy = false;
        boardTimer = window.setInterval(function () {
            if (!document.body.contains(board)) { window.clearInterval(boardTimer); boardTimer = null; liveBoard = null; return; }
            if (busy || document.hidden) { return; }
            busy = true;
            fetch(board.dataset.stampUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
                .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
                .then(function (s) {
                    skew = Date.parse(s.now) - Date.now();
                    if (s.stamp === board.dataset.stamp) { return null; }
                    return fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
                        .then(function (r) { return r.text(); })
                        .then(function (html) {
                            var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live-board]');
                            if (fresh && fresh.dataset.stampUrl === board.dataset.stampUrl) {
                                board.innerHTML = fresh.innerHTML;
                                board.dataset.stamp = fresh.dataset.stamp;
                            }
                        });
                })
                .then(function () {
                    tickWaiting(board, skew);
                    if (status) { status.textContent = 'Updated ' + new Date(Date.now() + skew).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', second: '2-digit' }) + '.'; }
                })
                .catch(function () {
                    if (status) { status.textContent = 'Not updating: the server could not be reached. Reload the page.'; }
                })
                .then(function () { busy = false; });
        }, POLL_MS);
    }

    function init() {
        initCalendar();
        initBoard();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
    // Blazor's enhanced navigation swaps pages without loading scripts again: start again on each.
    if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
        window.Blazor.addEventListener('enhancedload', init);
    }
}());
