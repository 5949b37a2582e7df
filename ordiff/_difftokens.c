/* The word diff's tokens and placeholder strings in C, for the default options only (whitespace
 * ignored, word granularity, no hyphenation): what ordiff/textdiff.py's _tokens() and _encode()
 * give with _space_key, which stay the reference (tests/test_textdiff_tokens.py holds the two
 * equal on generated text and every stored ordinance).
 *
 * A token is what re's \w+|[^\w\s]|\s+ finds on a str: sre's \w is Py_UNICODE_ISALNUM(ch) ||
 * ch == '_' (ASCII alone below 128), \s is Py_UNICODE_ISSPACE; a token str has the narrowest
 * kind its characters need, as a slice's has. A whitespace run's key is " ", any other token is
 * its own key; placeholders go out by key in order of first appearance, old then new, from the
 * first placeholder range only (U+E000..U+F8FF): a pair with more distinct keys gets None, and
 * the Python path hands out the later ranges. A token seen before is found by its characters in
 * a table of its own and its first str is listed again: one str per distinct token, not one
 * per occurrence, and no str hashed (the whole code's pairs: 0.067 -> 0.038 s).
 *
 * differing(a, b) is ordiff/textdiff_anchor.py's _differing() of two placeholder strings, the
 * size of their multiset difference, counted in an array over the first placeholder range; a
 * string with any other character gets None and the Python reference counts it.
 */
#include "_accel.h"

#define FIRST_SYMBOL 0xE000
#define SYMBOLS (0xF8FF - 0xE000 + 1)

enum { WORD, SPACE, MARK };

static inline int class_of(Py_UCS4 ch)
{
    if (ch < 128) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || ch == '_')
            return WORD;
        return Py_UNICODE_ISSPACE(ch) ? SPACE : MARK;
    }
    if (Py_UNICODE_ISALNUM(ch)) return WORD;
    return Py_UNICODE_ISSPACE(ch) ? SPACE : MARK;
}

/* The distinct tokens seen so far, by content (open addressing, FNV-1a over the characters): a
 * repeated token is found before any str is made for it, and the tokens lists get the first
 * one's object again. Entries borrow their tokens from those lists. */
typedef struct {
    Py_uhash_t hash;
    PyObject *token;        /* NULL: an empty slot */
    Py_ssize_t symbol;
} Entry;

typedef struct {
    Entry *slots;
    size_t mask;            /* slot count - 1, a power of two minus one */
    Py_ssize_t used, symbols, space;  /* space: the whitespace key's symbol, or -1 */
} Seen;

static Py_uhash_t hash_of(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_uhash_t h = 14695981039346656037ULL;
    for (Py_ssize_t i = start; i < end; i++)
        h = (h ^ PyUnicode_READ(kind, data, i)) * 1099511628211ULL;
    return h;
}

static int same_text(PyObject *token, int kind, const void *data, Py_ssize_t start,
                     Py_ssize_t end)
{
    if (PyUnicode_GET_LENGTH(token) != end - start) return 0;
    int token_kind = PyUnicode_KIND(token);
    const void *token_data = PyUnicode_DATA(token);
    for (Py_ssize_t i = start; i < end; i++)
        if (PyUnicode_READ(token_kind, token_data, i - start) != PyUnicode_READ(kind, data, i))
            return 0;
    return 1;
}

/* The slot of text[start:end]: its entry, or the empty slot where it goes. */
static Entry *slot_of(Seen *seen, Py_uhash_t hash, int kind, const void *data,
                      Py_ssize_t start, Py_ssize_t end)
{
    for (size_t at = hash & seen->mask;; at = (at + 1) & seen->mask) {
        Entry *e = &seen->slots[at];
        if (!e->token || (e->hash == hash && same_text(e->token, kind, data, start, end)))
            return e;
    }
}

/* Doubles the slots once they are half full. 0 done, -1 error. */
static int grow(Seen *seen)
{
    if ((size_t)seen->used * 2 < seen->mask + 1) return 0;
    size_t size = (seen->mask + 1) * 2;
    Entry *slots = PyMem_Calloc(size, sizeof(Entry));
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i <= seen->mask; i++) {
        Entry *e = &seen->slots[i];
        if (!e->token) continue;
        size_t at = e->hash & (size - 1);
        while (slots[at].token) at = (at + 1) & (size - 1);
        slots[at] = *e;
    }
    PyMem_Free(seen->slots);
    seen->slots = slots;
    seen->mask = size - 1;
    return 0;
}

/* Appends text's tokens to tokens and their placeholders to out[*count..]. A whitespace run's
 * key is " ", any other token is its own key; a new key takes the next placeholder.
 * 0 done, 1 too many keys, -1 error. */
static int encode(PyObject *text, PyObject *tokens, Seen *seen, Py_UCS4 *out, Py_ssize_t *count)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    while (i < n) {
        Py_ssize_t start = i;
        int cls = class_of(PyUnicode_READ(kind, data, i++));
        if (cls != MARK)
            while (i < n && class_of(PyUnicode_READ(kind, data, i)) == cls) i++;
        Py_uhash_t hash = hash_of(kind, data, start, i);
        Entry *e = slot_of(seen, hash, kind, data, start, i);
        if (!e->token) {
            Py_ssize_t symbol = cls == SPACE && seen->space >= 0 ? seen->space : seen->symbols;
            if (symbol == seen->symbols) {
                if (symbol >= SYMBOLS) return 1;
                seen->symbols++;
                if (cls == SPACE) seen->space = symbol;
            }
            PyObject *token = PyUnicode_Substring(text, start, i);
            if (!token) return -1;
            int failed = PyList_Append(tokens, token);
            Py_DECREF(token);  /* the list holds it */
            if (failed < 0) return -1;
            *e = (Entry){hash, token, symbol};
            seen->used++;
            if (grow(seen) < 0) return -1;
            out[(*count)++] = FIRST_SYMBOL + (Py_UCS4)symbol;
            continue;
        }
        if (PyList_Append(tokens, e->token) < 0) return -1;
        out[(*count)++] = FIRST_SYMBOL + (Py_UCS4)e->symbol;
    }
    return 0;
}

static PyObject *placeholders(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("placeholders", nargs, 2)) return NULL;
    if (!PyUnicode_CheckExact(args[0]) || !PyUnicode_CheckExact(args[1]))
        Py_RETURN_NONE;  /* a str subclass: the Python path, whatever its methods do */
    Py_ssize_t n_old = PyUnicode_GET_LENGTH(args[0]), n_new = PyUnicode_GET_LENGTH(args[1]);
    PyObject *result = NULL, *old_tokens = PyList_New(0), *new_tokens = PyList_New(0);
    Seen seen = {PyMem_Calloc(64, sizeof(Entry)), 63, 0, 0, -1};
    Py_UCS4 *buffer = PyMem_New(Py_UCS4, n_old + n_new + 1);
    Py_ssize_t a = 0, b = 0;
    if (!old_tokens || !new_tokens || !seen.slots || !buffer) {
        if (!buffer || !seen.slots) PyErr_NoMemory();
        goto done;
    }
    int status = encode(args[0], old_tokens, &seen, buffer, &a);
    if (status == 0) status = encode(args[1], new_tokens, &seen, buffer + a, &b);
    if (status < 0) goto done;
    if (status > 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    PyObject *a_text = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, a);
    PyObject *b_text = a_text ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer + a, b)
                              : NULL;
    if (a_text && b_text)
        result = PyTuple_Pack(4, old_tokens, new_tokens, a_text, b_text);
    Py_XDECREF(a_text);
    Py_XDECREF(b_text);
done:
    PyMem_Free(buffer);
    PyMem_Free(seen.slots);
    Py_XDECREF(old_tokens);
    Py_XDECREF(new_tokens);
    return result;
}

/* len(a) + len(b) - 2 * (Counter(a) & Counter(b)).total(), or None. */
static PyObject *differing(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("differing", nargs, 2)) return NULL;
    if (!PyUnicode_CheckExact(args[0]) || !PyUnicode_CheckExact(args[1]))
        Py_RETURN_NONE;
    PyObject *a = args[0], *b = args[1];
    Py_ssize_t n_a = PyUnicode_GET_LENGTH(a), n_b = PyUnicode_GET_LENGTH(b), shared = 0;
    int kind_a = PyUnicode_KIND(a), kind_b = PyUnicode_KIND(b);
    const void *data_a = PyUnicode_DATA(a), *data_b = PyUnicode_DATA(b);
    Py_ssize_t *counts = PyMem_Calloc(SYMBOLS, sizeof(Py_ssize_t));
    if (!counts) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n_a; i++) {
        Py_UCS4 symbol = PyUnicode_READ(kind_a, data_a, i) - FIRST_SYMBOL;
        if (symbol >= SYMBOLS) goto other;  /* below FIRST_SYMBOL wraps around too */
        counts[symbol]++;
    }
    for (Py_ssize_t i = 0; i < n_b; i++) {
        Py_UCS4 symbol = PyUnicode_READ(kind_b, data_b, i) - FIRST_SYMBOL;
        if (symbol >= SYMBOLS) goto other;
        if (counts[symbol]) {
            counts[symbol]--;
            shared++;
        }
    }
    PyMem_Free(counts);
    return PyLong_FromSsize_t(n_a + n_b - 2 * shared);
other:
    PyMem_Free(counts);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"placeholders", FASTCALL(placeholders), METH_FASTCALL,
     "(old tokens, new tokens, old placeholders, new placeholders) for the default options, "
     "or None (more distinct keys than the first placeholder range holds, or a str subclass)."},
    {"differing", FASTCALL(differing), METH_FASTCALL,
     "How many placeholders one string has that the other lacks (with multiplicity), or None "
     "(a character outside the first placeholder range, or a str subclass)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._difftokens",
    "The word diff's tokens and placeholders in C (see ordiff/textdiff.py).", 0, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__difftokens(void) { return PyModuleDef_Init(&module_def); }
