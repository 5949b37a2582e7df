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
 * the Python path hands out the later ranges.
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

/* Appends text's tokens to tokens and their placeholders to out[*count..]; keys maps each key
 * seen so far to its placeholder index. 0 done, 1 too many keys, -1 error. */
static int encode(PyObject *text, PyObject *tokens, PyObject *keys, PyObject *space,
                  Py_UCS4 *out, Py_ssize_t *count)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    while (i < n) {
        Py_ssize_t start = i;
        int cls = class_of(PyUnicode_READ(kind, data, i++));
        if (cls != MARK)
            while (i < n && class_of(PyUnicode_READ(kind, data, i)) == cls) i++;
        PyObject *token = PyUnicode_Substring(text, start, i);
        if (!token) return -1;
        if (PyList_Append(tokens, token) < 0) {
            Py_DECREF(token);
            return -1;
        }
        PyObject *key = cls == SPACE ? space : token;
        PyObject *found = PyDict_GetItemWithError(keys, key);
        Py_ssize_t symbol;
        if (found) {
            symbol = PyLong_AsSsize_t(found);
        } else if (PyErr_Occurred()) {
            Py_DECREF(token);
            return -1;
        } else {
            symbol = PyDict_GET_SIZE(keys);
            if (symbol >= SYMBOLS) {
                Py_DECREF(token);
                return 1;
            }
            PyObject *index = PyLong_FromSsize_t(symbol);
            if (!index || PyDict_SetItem(keys, key, index) < 0) {
                Py_XDECREF(index);
                Py_DECREF(token);
                return -1;
            }
            Py_DECREF(index);
        }
        Py_DECREF(token);
        out[(*count)++] = FIRST_SYMBOL + (Py_UCS4)symbol;
    }
    return 0;
}

static PyObject *placeholders(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (arity("placeholders", nargs, 2) < 0) return NULL;
    if (!PyUnicode_CheckExact(args[0]) || !PyUnicode_CheckExact(args[1]))
        Py_RETURN_NONE;  /* a str subclass: the Python path, whatever its methods do */
    Py_ssize_t n_old = PyUnicode_GET_LENGTH(args[0]), n_new = PyUnicode_GET_LENGTH(args[1]);
    PyObject *result = NULL, *old_tokens = PyList_New(0), *new_tokens = PyList_New(0);
    PyObject *keys = PyDict_New(), *space = PyUnicode_FromOrdinal(' ');
    Py_UCS4 *buffer = PyMem_New(Py_UCS4, n_old + n_new + 1);
    Py_ssize_t a = 0, b = 0;
    if (!old_tokens || !new_tokens || !keys || !space || !buffer) {
        if (!buffer) PyErr_NoMemory();
        goto done;
    }
    int status = encode(args[0], old_tokens, keys, space, buffer, &a);
    if (status == 0) status = encode(args[1], new_tokens, keys, space, buffer + a, &b);
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
    Py_XDECREF(old_tokens);
    Py_XDECREF(new_tokens);
    Py_XDECREF(keys);
    Py_XDECREF(space);
    return result;
}

static PyMethodDef methods[] = {
    {"placeholders", FASTCALL(placeholders), METH_FASTCALL,
     "(old tokens, new tokens, old placeholders, new placeholders) for the default options, "
     "or None (more distinct keys than the first placeholder range holds, or a str subclass)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._difftokens",
    "The word diff's tokens and placeholders in C (see ordiff/textdiff.py).", 0, methods,
    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__difftokens(void) { return PyModuleDef_Init(&module_def); }
