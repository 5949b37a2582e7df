/* The JSON writer's line of an unchanged clause's record in C (unchanged_lines): the same line
 * as the pure-Python version in ordiff/wordsets.py, which loads and configures this module,
 * and as serialize's general writer, character for character (strings as json's
 * encode_basestring writes them). A record is read from its slots only for the types
 * configure_lines() accepts, and while getattr would still read them there; anything else is
 * left to Python (None).
 */
#include "_accel.h"

static const char *const CHANGE_FIELDS[CHANGE_SLOTS] = CHANGE_FIELD_NAMES;

typedef struct {
    PyObject *path;         /* "path", interned */
    PyObject *op;           /* "op", interned */
    PyObject *names[CHANGE_SLOTS];  /* CHANGE_FIELDS, interned */
    Fields clause;          /* how a clause's path is read from the clause type last seen */
    /* the types and values from configure_lines() (NULL before): */
    PyTypeObject *change_type, *span_type;
    PyObject *equal, *unchanged;    /* Op.EQUAL, ChangeKind.UNCHANGED */
    Py_ssize_t change_offsets[CHANGE_SLOTS];
    unsigned int change_version, span_version;  /* their version tags when last checked */
    PyObject *span_op;      /* what Span.op was at configure_lines() (owned) */
} State;

/* Whether getattr reads each of a record type's fields from an object slot of its own (a
 * member descriptor of the type itself, found first on its MRO: _PyType_Lookup, no code
 * runs). Their offsets, if so. */
static int change_slots(State *state, PyTypeObject *change, Py_ssize_t *offsets)
{
    if (change->tp_getattro != PyObject_GenericGetAttr) return 0;
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *slot = _PyType_Lookup(change, state->names[i]);  /* borrowed */
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type) || PyDescr_TYPE(slot) != change
                || ((PyMemberDescrObject *)slot)->d_member->type != T_OBJECT_EX)
            return 0;
        offsets[i] = ((PyMemberDescrObject *)slot)->d_member->offset;
    }
    return 1;
}

/* configure_lines(ClauseChange, Span, Op.EQUAL, ChangeKind.UNCHANGED): the record and span
 * types read; TypeError (and nothing kept) if they are not laid out as expected. */
static PyObject *configure_lines(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("configure_lines", nargs, 4)) return NULL;
    State *state = PyModule_GetState(module);
    Py_ssize_t offsets[CHANGE_SLOTS];
    if (!PyType_Check(args[0]) || !PyType_Check(args[1])
            || !change_slots(state, (PyTypeObject *)args[0], offsets)
            || !span_layout((PyTypeObject *)args[1])) {
        PyErr_SetString(PyExc_TypeError, "the record or span type is not laid out as "
                        "ordiff._jsonlines expects (the Python version is used)");
        return NULL;
    }
    Py_XSETREF(state->change_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(state->span_type, (PyTypeObject *)Py_NewRef(args[1]));
    Py_XSETREF(state->equal, Py_NewRef(args[2]));
    Py_XSETREF(state->unchanged, Py_NewRef(args[3]));
    memcpy(state->change_offsets, offsets, sizeof offsets);
    PyObject *op = _PyType_Lookup(state->span_type, state->op);  /* borrowed */
    Py_XSETREF(state->span_op, Py_XNewRef(op));
    state->change_version = state->span_version = 0;
    Py_RETURN_NONE;
}

/* Whether getattr reads a record's fields from their slots and a span's op is what it was at
 * configure_lines(): checked again (_PyType_Lookup: no code runs) whenever either type's
 * attributes changed since the last check. */
static int types_kept(State *state)
{
    PyTypeObject *change = state->change_type, *span = state->span_type;
    if (type_kept(change, state->change_version) && type_kept(span, state->span_version))
        return 1;
    Py_ssize_t offsets[CHANGE_SLOTS];
    if (span->tp_getattro != PyObject_GenericGetAttr || !state->span_op
            || _PyType_Lookup(span, state->op) != state->span_op
            || !change_slots(state, change, offsets)
            || memcmp(offsets, state->change_offsets, sizeof offsets))
        return 0;
    int valid = (change->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)
                && (span->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG);
    state->change_version = valid ? change->tp_version_tag : 0;
    state->span_version = valid ? span->tp_version_tag : 0;
    return 1;
}

/* A line's text around its path (the same on both sides): serialize's general record. */
static const char LINE_HEAD[] = "{\"kind\": \"unchanged\", \"old_path\": ";
static const char LINE_MIDDLE[] = ", \"new_path\": ";
static const char LINE_TAIL[] = ", \"amended\": false, \"similarity\": 1.0}";
#define CONST_LENGTH(s) ((Py_ssize_t)sizeof(s) - 1)

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
static Py_ssize_t quoted_length(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = 2, n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) length += escaped_width(PyUnicode_READ(kind, data, i));
    return length;
}

/* Writes ASCII text at out[at:], returning where it ends. */
static Py_ssize_t write_ascii(int kind, void *out, Py_ssize_t at, const char *text,
                              Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) PyUnicode_WRITE(kind, out, at++, (Py_UCS4)text[i]);
    return at;
}

/* Writes encode_basestring(text) at out[at:], returning where it ends. */
static Py_ssize_t write_quoted(int kind, void *out, Py_ssize_t at, PyObject *text)
{
    static const char hex[] = "0123456789abcdef";
    int from = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyUnicode_WRITE(kind, out, at++, '"');
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(from, data, i);
        char escape = ch < 128 ? JSON_ESCAPES[ch] : 0;
        if (!escape) {
            PyUnicode_WRITE(kind, out, at++, ch);
        } else if (escape != 'u') {
            PyUnicode_WRITE(kind, out, at++, '\\');
            PyUnicode_WRITE(kind, out, at++, (Py_UCS4)escape);
        } else {
            char code[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
            at = write_ascii(kind, out, at, code, 6);
        }
    }
    PyUnicode_WRITE(kind, out, at++, '"');
    return at;
}

/* Writes "[" + ", ".join(map(encode_basestring, path)) + "]" at out[at:]. */
static Py_ssize_t write_path(int kind, void *out, Py_ssize_t at, PyObject *path)
{
    PyUnicode_WRITE(kind, out, at++, '[');
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(path); i++) {
        if (i) at = write_ascii(kind, out, at, ", ", 2);
        at = write_quoted(kind, out, at, PyTuple_GET_ITEM(path, i));
    }
    PyUnicode_WRITE(kind, out, at++, ']');
    return at;
}

/* The record's line for a path (a tuple of exact strs: else None, written the general way). */
static PyObject *path_line(PyObject *path)
{
    if (!PyTuple_CheckExact(path)) Py_RETURN_NONE;
    Py_ssize_t n = PyTuple_GET_SIZE(path), length = n ? 2 + 2 * (n - 1) : 2;
    Py_UCS4 widest = 127;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(path, i);
        if (!PyUnicode_CheckExact(item)) Py_RETURN_NONE;
        Py_ssize_t more = quoted_length(item);
        if (length > PY_SSIZE_T_MAX / 4 - more) return PyErr_NoMemory();
        length += more;
        if (PyUnicode_MAX_CHAR_VALUE(item) > widest) widest = PyUnicode_MAX_CHAR_VALUE(item);
    }
    PyObject *line = PyUnicode_New(CONST_LENGTH(LINE_HEAD) + 2 * length
                                   + CONST_LENGTH(LINE_MIDDLE) + CONST_LENGTH(LINE_TAIL), widest);
    if (!line) return NULL;
    int kind = PyUnicode_KIND(line);
    void *out = PyUnicode_DATA(line);
    Py_ssize_t at = write_ascii(kind, out, 0, LINE_HEAD, CONST_LENGTH(LINE_HEAD));
    at = write_path(kind, out, at, path);
    at = write_ascii(kind, out, at, LINE_MIDDLE, CONST_LENGTH(LINE_MIDDLE));
    at = write_path(kind, out, at, path);
    write_ascii(kind, out, at, LINE_TAIL, CONST_LENGTH(LINE_TAIL));
    return line;
}

/* Whether a record's spans are none or one equal span (a Span, as configured). */
static int plainly_equal(State *state, PyObject *spans)
{
    if (!PyTuple_CheckExact(spans)) return 0;
    if (!PyTuple_GET_SIZE(spans)) return 1;
    PyObject *span = PyTuple_GET_ITEM(spans, 0);
    return PyTuple_GET_SIZE(spans) == 1 && Py_IS_TYPE(span, state->span_type)
           && PyTuple_GET_SIZE(span) >= 1 && PyTuple_GET_ITEM(span, 0) == state->equal;
}
/* The line of one record, None where the shortcut does not apply, NULL on error. */
static PyObject *record_line(State *state, PyObject *change)
{
    if (!Py_IS_TYPE(change, state->change_type)) Py_RETURN_NONE;
#define CHANGE_FIELD(i) (*(PyObject **)((char *)change + state->change_offsets[i]))
    PyObject *kind = CHANGE_FIELD(0), *old = CHANGE_FIELD(1), *new = CHANGE_FIELD(2);
    PyObject *heading = CHANGE_FIELD(3), *text = CHANGE_FIELD(4), *similarity = CHANGE_FIELD(6);
#undef CHANGE_FIELD
    if (kind != state->unchanged || !old || old != new || old == Py_None || !heading || !text
            || !similarity || !PyFloat_CheckExact(similarity)
            || PyFloat_AS_DOUBLE(similarity) != 1.0 || !plainly_equal(state, heading)
            || !plainly_equal(state, text))
        Py_RETURN_NONE;
    Py_INCREF(old);  /* (a path property may drop the record's clause) */
    PyObject *path = field(&state->clause, old, 0), *line = path ? path_line(path) : NULL;
    Py_XDECREF(path);
    Py_DECREF(old);
    return line;
}

/* unchanged_lines(changes): for each record (a tuple or list of them) the JSON writer's line if
 * it is an unchanged clause's plain record, else None (the Python version in
 * ordiff/wordsets.py). */
static PyObject *unchanged_lines(PyObject *module, PyObject *changes)
{
    State *state = PyModule_GetState(module);
    if (!state->change_type) {
        PyErr_SetString(PyExc_RuntimeError, "unchanged_lines() before configure_lines()");
        return NULL;
    }
    if (!PyTuple_Check(changes) && !PyList_Check(changes))
        return PyErr_Format(PyExc_TypeError, "changes must be a tuple or list, not %.200s",
                            Py_TYPE(changes)->tp_name);
    Py_ssize_t n = PySequence_Fast_GET_SIZE(changes);
    PyObject *lines = PyList_New(n);
    if (!lines) return NULL;
    int kept = types_kept(state);
    Py_INCREF(changes);  /* (a list may change under a property's code) */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = kept && i < PySequence_Fast_GET_SIZE(changes)
            ? record_line(state, PySequence_Fast_ITEMS(changes)[i]) : Py_NewRef(Py_None);
        if (!line) {
            Py_CLEAR(lines);
            break;
        }
        PyList_SET_ITEM(lines, i, line);
    }
    Py_DECREF(changes);
    return lines;
}

/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"configure_lines", FASTCALL(configure_lines), METH_FASTCALL,
     "Sets the record and span types and values the lines are written from."},
    {"unchanged_lines", unchanged_lines, METH_O,
     "Each record's JSON line if it is an unchanged clause's plain record, else None."},
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++)
        if (!(state->names[i] = PyUnicode_InternFromString(CHANGE_FIELDS[i]))) return -1;
    if (!(state->path = PyUnicode_InternFromString("path"))
            || !(state->op = PyUnicode_InternFromString("op")))
        return -1;
    state->clause = (Fields){.names = {state->path}, .count = 1};
    return 0;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++) Py_VISIT(state->names[i]);
    Py_VISIT(state->path);
    Py_VISIT(state->op);
    Py_VISIT(state->clause.type);
    Py_VISIT(state->change_type);
    Py_VISIT(state->span_type);
    Py_VISIT(state->equal);
    Py_VISIT(state->unchanged);
    Py_VISIT(state->span_op);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    for (int i = 0; i < CHANGE_SLOTS; i++) Py_CLEAR(state->names[i]);
    Py_CLEAR(state->path);
    Py_CLEAR(state->op);
    Py_CLEAR(state->clause.type);
    Py_CLEAR(state->change_type);
    Py_CLEAR(state->span_type);
    Py_CLEAR(state->equal);
    Py_CLEAR(state->unchanged);
    Py_CLEAR(state->span_op);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._jsonlines",
    "The JSON writer's lines of records in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__jsonlines(void) { return PyModuleDef_Init(&module_def); }
