/* JSON text written into a str as json's C encoder writes it (encode_basestring): measured
 * first, then written into a str of that length and of the narrowest kind its characters need
 * (as Python's strs are: str equality compares kinds first). Only _jsonlines.c includes it,
 * after _accel.h.
 */
#ifndef ORDIFF_JSONOUT_H
#define ORDIFF_JSONOUT_H

/* What json's encode_basestring writes for each character below 128 (CPython's escape_unicode
 * in Modules/_json.c): 0 for itself, else its short escape's letter, or 'u' for \u00XX with
 * lower-case hex digits (every other control character). Everything from 128 on is kept. */
static const char JSON_ESCAPES[128] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    ['"'] = '"', ['\\'] = '\\'};

static inline Py_ssize_t escaped_width(Py_UCS4 ch)
{
    return ch >= 128 || !JSON_ESCAPES[ch] ? 1 : JSON_ESCAPES[ch] == 'u' ? 6 : 2;
}

/* The length of encode_basestring(text): its characters escaped, in quotes. */
static inline Py_ssize_t quoted_length(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = 2, n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) length += escaped_width(PyUnicode_READ(kind, data, i));
    return length;
}

/* Where a line is written: measured first (data NULL: its length and widest character), then
 * written into a str of that length and kind. */
typedef struct {
    int kind;
    void *data;
    Py_ssize_t at;
    Py_UCS4 widest;
} Out;

static inline void put_ascii(Out *o, const char *text)
{
    for (; *text; text++, o->at++)
        if (o->data) PyUnicode_WRITE(o->kind, o->data, o->at, (Py_UCS4)*text);
}

static inline void widen(Out *o, PyObject *text)
{
    if (PyUnicode_MAX_CHAR_VALUE(text) > o->widest) o->widest = PyUnicode_MAX_CHAR_VALUE(text);
}

/* A str as it is (a kind's or op's text). */
static inline void put_raw(Out *o, PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (o->data) {
        int from = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < n; i++)
            PyUnicode_WRITE(o->kind, o->data, o->at + i, PyUnicode_READ(from, data, i));
    } else {
        widen(o, text);
    }
    o->at += n;
}

/* encode_basestring(text): in quotes, escaped; a run that needs no escape is copied whole
 * where the kinds agree. */
static inline void put_quoted(Out *o, PyObject *text)
{
    static const char hex[] = "0123456789abcdef";
    if (!o->data) {
        o->at += quoted_length(text);
        widen(o, text);
        return;
    }
    int from = PyUnicode_KIND(text), kind = o->kind;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    put_ascii(o, "\"");
    while (i < n) {
        Py_ssize_t start = i;
        while (i < n && escaped_width(PyUnicode_READ(from, data, i)) == 1) i++;
        if (from == kind) {
            memcpy((char *)o->data + o->at * kind, (const char *)data + start * kind,
                   (size_t)((i - start) * kind));
            o->at += i - start;
        } else {
            for (Py_ssize_t j = start; j < i; j++)
                PyUnicode_WRITE(kind, o->data, o->at++, PyUnicode_READ(from, data, j));
        }
        if (i == n) break;
        Py_UCS4 ch = PyUnicode_READ(from, data, i++);
        char code[7] = {'\\', JSON_ESCAPES[ch], 0};
        if (code[1] == 'u') memcpy(code + 2, (char[]){'0', '0', hex[ch >> 4], hex[ch & 15], 0}, 5);
        put_ascii(o, code);
    }
    put_ascii(o, "\"");
}

#endif
