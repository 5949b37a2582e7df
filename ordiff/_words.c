/* A clause's words in C: its lower-cased words (tokens), its words and marks (count_marks) and
 * its normal words (normal), the same results as the pure-Python versions in
 * ordiff/wordsets.py, which loads this module (and says what each does).
 *
 * Exactness is the contract (see _accel.h): a word is a run of characters that Python's re
 * calls \w in a str pattern, which sre defines as Py_UNICODE_ISALNUM(ch) || ch == '_'
 * (SRE_UNI_IS_WORD), and \s is Py_UNICODE_ISSPACE (SRE_UNI_IS_SPACE); text is lower-cased by
 * the str's own lower(), so a character whose lower case is longer ('İ' -> 'i̇') gives what
 * Python gives; whitespace as str.split() knows it is Py_UNICODE_ISSPACE too
 * (STRINGLIB_ISSPACE, in every str kind); a str made here has the narrowest kind its characters
 * need, as Python's do (str equality compares kinds first).
 */
#include "_accel.h"

typedef struct {
    PyObject *lower;        /* "lower", interned */
} State;

/* ---- characters ------------------------------------------------------------------------- */

static inline int ascii_word(Py_UCS4 ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
           || ch == '_';
}

/* re's \w on a str pattern (SRE_UNI_IS_WORD in CPython's Modules/_sre). */
static inline int is_word(Py_UCS4 ch)
{
    return ch < 128 ? ascii_word(ch) : Py_UNICODE_ISALNUM(ch);
}

/* ---- tokens and marks ------------------------------------------------------------------ */

/* Appends word to words, taking the reference; -1 on error (word NULL or the append failed). */
static int append_word(PyObject *words, PyObject *word)
{
    if (!word) return -1;
    int failed = PyList_Append(words, word);
    Py_DECREF(word);
    return failed;
}

#define ASCII_LOWER(ch) ((ch) >= 'A' && (ch) <= 'Z' ? (ch) + 32 : (ch))

/* words_T(words, lowered, s, n): appends the runs of word characters of s[0:n] (a str's data of
 * character type T) to words. s is either an exact ASCII str, lowered here word by word
 * (lowered is NULL), or the data of lowered, what a str's lower() gave, taken as it is (a
 * subclass's lower() may keep capitals): an ASCII word is copied (one scan, where slicing
 * would scan it again for its widest character), any other sliced. count_marks_T(s, n): how many word runs and single characters
 * neither word nor space s[0:n] holds. One pair per str kind, so that each loop reads its
 * characters directly. */
#define SCANS(T)                                                                              \
static int words_##T(PyObject *words, PyObject *lowered, const T *s, Py_ssize_t n)            \
{                                                                                             \
    Py_ssize_t i = 0, start;                                                                  \
    for (;;) {                                                                                \
        while (i < n && !is_word(s[i])) i++;                                                  \
        if (i == n) return 0;                                                                 \
        Py_UCS4 all = 0;  /* its characters or'ed: below 128 if all are ASCII */              \
        for (start = i; i < n && is_word(s[i]); i++) all |= s[i];                             \
        PyObject *word;                                                                       \
        if (all >= 128) {                                                                     \
            word = PyUnicode_Substring(lowered, start, i);                                    \
        } else if (i - start == 1) {  /* the shared one-character str, as slicing gives */    \
            word = PyUnicode_FromOrdinal(lowered ? s[start] : ASCII_LOWER(s[start]));        \
        } else if ((word = PyUnicode_New(i - start, 127))) {                                  \
            Py_UCS1 *d = PyUnicode_1BYTE_DATA(word);                                          \
            for (Py_ssize_t j = start; j < i; j++)                                            \
                *d++ = (Py_UCS1)(lowered ? s[j] : ASCII_LOWER(s[j]));                         \
        }                                                                                     \
        if (append_word(words, word) < 0) return -1;                                          \
    }                                                                                         \
}                                                                                             \
                                                                                              \
static Py_ssize_t count_marks_##T(const T *s, Py_ssize_t n)                                   \
{                                                                                             \
    Py_ssize_t i = 0, count = 0;                                                              \
    while (i < n) {                                                                           \
        if (is_word(s[i])) {                                                                  \
            for (i++; i < n && is_word(s[i]); i++) {}                                         \
            count++;                                                                          \
        } else {                                                                              \
            count += !Py_UNICODE_ISSPACE(s[i]);                                               \
            i++;                                                                              \
        }                                                                                     \
    }                                                                                         \
    return count;                                                                             \
}

SCANS(Py_UCS1)
SCANS(Py_UCS2)
SCANS(Py_UCS4)

/* words_T for a str's kind. */
static int words_of(PyObject *words, PyObject *lowered, PyObject *text)
{
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return words_Py_UCS1(words, lowered, data, n);
    case PyUnicode_2BYTE_KIND: return words_Py_UCS2(words, lowered, data, n);
    default: return words_Py_UCS4(words, lowered, data, n);
    }
}

/* tokens(text) == re.findall(r"\w+", text.lower()). An ASCII str is lowered word by word
 * (no lowered copy of the whole text); any other calls its own lower(). */
static PyObject *tokens(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text))
        return PyErr_Format(PyExc_TypeError, "tokens() needs a str, not %.200s",
                            Py_TYPE(text)->tp_name);
    if (PyUnicode_READY(text) < 0) return NULL;  /* a legacy str made by the old API */
    PyObject *words = PyList_New(0);
    if (!words) return NULL;
    if (PyUnicode_CheckExact(text) && PyUnicode_IS_ASCII(text)) {
        if (words_of(words, NULL, text) < 0) Py_CLEAR(words);
        return words;
    }
    State *state = PyModule_GetState(module);
    PyObject *lowered = PyObject_CallMethodNoArgs(text, state->lower);
    if (!lowered || !PyUnicode_Check(lowered) || PyUnicode_READY(lowered) < 0
            || words_of(words, lowered, lowered) < 0) {
        if (lowered && !PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "lower() gave %.200s, not a str",
                         Py_TYPE(lowered)->tp_name);
        Py_CLEAR(words);
    }
    Py_XDECREF(lowered);
    return words;
}

/* count_marks(text) == len(re.findall(r"\w+|[^\w\s]", text)): word runs and single characters
 * that are neither word nor space. */
static PyObject *count_marks(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text))
        return PyErr_Format(PyExc_TypeError, "count_marks() needs a str, not %.200s",
                            Py_TYPE(text)->tp_name);
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: return PyLong_FromSsize_t(count_marks_Py_UCS1(data, n));
    case PyUnicode_2BYTE_KIND: return PyLong_FromSsize_t(count_marks_Py_UCS2(data, n));
    default: return PyLong_FromSsize_t(count_marks_Py_UCS4(data, n));
    }
}


/* ---- a clause's normal words ------------------------------------------------------------ */

/* Latin-1's whitespace as str.split() knows it (Py_UNICODE_ISSPACE: exec_module checks that
 * this table agrees): 1, or 2 for the space. */
static const unsigned char LATIN1_SPACES[256] = {
    [0x09] = 1, [0x0A] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x1C] = 1, [0x1D] = 1,
    [0x1E] = 1, [0x1F] = 1, [' '] = 2, [0x85] = 1, [0xA0] = 1};

/* 2 for a space, 1 for any other whitespace (Py_UNICODE_ISSPACE), 0 for the rest. */
static inline unsigned space_of(Py_UCS4 ch)
{
    return ch < 256 ? LATIN1_SPACES[ch] : Py_UNICODE_ISSPACE(ch) != 0;
}

/* needs_squeeze_T(s, n): whether " ".join(s.split()) differs from s[0:n]: a space first or
 * last, two in a row, or any other whitespace. One scan, with no branch on a character's class
 * (a space comes every few characters: such a branch would be mispredicted about as often;
 * this is 2.5x faster on a whole code's texts); most texts need nothing. squeeze_T(s, n):
 * " ".join(s.split()) as a new str, of the narrowest kind its characters need (the whitespace
 * dropped may have been its widest). */
#define SQUEEZES(T)                                                                           \
static int needs_squeeze_##T(const T *s, Py_ssize_t n)                                        \
{                                                                                             \
    unsigned before = 2, bad = 0;  /* as if after a space: one first needs squeezing */       \
    for (Py_ssize_t i = 0; i < n; i++) {                                                      \
        unsigned space = space_of(s[i]);                                                      \
        bad |= space & (1 | before);  /* another whitespace, or a space after a space */      \
        before = space;                                                                       \
    }                                                                                         \
    return n && (bad | (before & 2));  /* (or a space last) */                                \
}                                                                                             \
                                                                                              \
static PyObject *squeeze_##T(const T *s, Py_ssize_t n)                                        \
{                                                                                             \
    Py_ssize_t length = 0, words = 0, i = 0;                                                  \
    Py_UCS4 all = 0;  /* the kept characters or'ed: the kind thresholds are powers of two */  \
    for (;;) {                                                                                \
        while (i < n && space_of(s[i])) i++;                                                  \
        if (i == n) break;                                                                    \
        length += words++ > 0;                                                                \
        for (; i < n && !space_of(s[i]); i++, length++) all |= s[i];                          \
    }                                                                                         \
    all |= words > 1 ? ' ' : 0;  /* (or'ed astral characters may pass the last one) */       \
    PyObject *squeezed = PyUnicode_New(length, all > 0x10FFFF ? 0x10FFFF : all);             \
    if (!squeezed) return NULL;                                                               \
    int kind = PyUnicode_KIND(squeezed);                                                      \
    void *out = PyUnicode_DATA(squeezed);                                                     \
    Py_ssize_t at = 0;                                                                        \
    for (i = 0; i < n;) {                                                                     \
        while (i < n && space_of(s[i])) i++;                                                  \
        if (i == n) break;                                                                    \
        if (at) PyUnicode_WRITE(kind, out, at++, ' ');                                        \
        Py_ssize_t start = i;                                                                 \
        while (i < n && !space_of(s[i])) i++;                                                 \
        if (kind == (int)sizeof(T)) {  /* a word of the same kind: copied whole */            \
            memcpy((T *)out + at, s + start, (size_t)(i - start) * sizeof(T));                \
            at += i - start;                                                                  \
        } else {                                                                              \
            for (Py_ssize_t j = start; j < i; j++) PyUnicode_WRITE(kind, out, at++, s[j]);    \
        }                                                                                     \
    }                                                                                         \
    return squeezed;                                                                          \
}

SQUEEZES(Py_UCS1)
SQUEEZES(Py_UCS2)
SQUEEZES(Py_UCS4)

/* " ".join(text.split()) (a new reference): text itself when that is the same text. */
static PyObject *squeezed(PyObject *text)
{
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return needs_squeeze_Py_UCS1(data, n) ? squeeze_Py_UCS1(data, n) : Py_NewRef(text);
    case PyUnicode_2BYTE_KIND:
        return needs_squeeze_Py_UCS2(data, n) ? squeeze_Py_UCS2(data, n) : Py_NewRef(text);
    default:
        return needs_squeeze_Py_UCS4(data, n) ? squeeze_Py_UCS4(data, n) : Py_NewRef(text);
    }
}

/* f"{heading} {text}" of two non-empty strs (a new str). */
static PyObject *joined(PyObject *heading, PyObject *text)
{
    Py_ssize_t h = PyUnicode_GET_LENGTH(heading), t = PyUnicode_GET_LENGTH(text);
    if (h > PY_SSIZE_T_MAX - 1 - t) return PyErr_NoMemory();
    Py_UCS4 a = PyUnicode_MAX_CHAR_VALUE(heading), b = PyUnicode_MAX_CHAR_VALUE(text);
    PyObject *both = PyUnicode_New(h + 1 + t, a < b ? b : a);
    if (!both) return NULL;
    if (PyUnicode_CopyCharacters(both, 0, heading, 0, h) < 0
            || PyUnicode_CopyCharacters(both, h + 1, text, 0, t) < 0) {
        Py_DECREF(both);
        return NULL;
    }
    PyUnicode_WRITE(PyUnicode_KIND(both), PyUnicode_DATA(both), h, ' ');
    return both;
}

/* normal(heading, text): the text squeezed; with a heading, the heading squeezed, a space and
 * the text, or whichever of the two is not empty. */
static PyObject *normal(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (!arity("normal", nargs, 2)) return NULL;
    PyObject *heading = args[0], *text = args[1];
    if (!PyUnicode_Check(text) || (heading != Py_None && !PyUnicode_Check(heading)))
        return PyErr_Format(PyExc_TypeError, "normal() needs a str or None and a str, not "
                            "%.200s and %.200s", Py_TYPE(heading)->tp_name,
                            Py_TYPE(text)->tp_name);
    PyObject *squeezed_text = squeezed(text);
    if (!squeezed_text || heading == Py_None) return squeezed_text;
    PyObject *squeezed_heading = squeezed(heading), *result;
    if (!squeezed_heading) {
        result = NULL;
    } else if (PyUnicode_GET_LENGTH(squeezed_heading) && PyUnicode_GET_LENGTH(squeezed_text)) {
        result = joined(squeezed_heading, squeezed_text);
    } else {  /* heading or text */
        result = Py_NewRef(PyUnicode_GET_LENGTH(squeezed_heading) ? squeezed_heading
                                                                    : squeezed_text);
    }
    Py_XDECREF(squeezed_heading);
    Py_DECREF(squeezed_text);
    return result;
}

/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"tokens", tokens, METH_O, "re.findall(r'\\w+', text.lower())"},
    {"count_marks", count_marks, METH_O, "len(re.findall(r'\\w+|[^\\w\\s]', text))"},
    {"normal", FASTCALL(normal), METH_FASTCALL,
     "A clause's heading and text with whitespace runs as single spaces."},
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    for (Py_UCS4 ch = 0; ch < 256; ch++)
        if (LATIN1_SPACES[ch] != (ch == ' ' ? 2 : Py_UNICODE_ISSPACE(ch) != 0)) {
            PyErr_SetString(PyExc_ImportError, "this Python's whitespace is not the one "
                            "ordiff._words knows (the Python versions are used)");
            return -1;
        }
    State *state = PyModule_GetState(module);
    return (state->lower = PyUnicode_InternFromString("lower")) ? 0 : -1;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(((State *)PyModule_GetState(module))->lower);
    return 0;
}

static int clear(PyObject *module)
{
    Py_CLEAR(((State *)PyModule_GetState(module))->lower);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._words",
    "A clause's words, marks and normal words in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__words(void) { return PyModuleDef_Init(&module_def); }
