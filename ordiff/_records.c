/* compare's record of an unchanged clause in C (unchanged): the same record as the pure-Python
 * version in ordiff/wordsets.py, which loads and configures this module (and says why it
 * exists). The record is built as ClauseChange.of builds one, only for the types
 * configure_unchanged() accepts (laid out as it expects); the clause's heading and text are
 * what getattr gives (see _accel.h's field()).
 */
#include "_accel.h"

enum { HEADING, TEXT, OWN };    /* a clause's fields unchanged() reads */

typedef struct {
    PyObject *own[OWN];     /* "heading", "text", interned */
    Fields clause;          /* how they are read from the clause type last seen */
    /* unchanged()'s types and values, from configure_unchanged() (NULL before): */
    PyTypeObject *change_type, *span_type;
    PyObject *equal, *unchanged, *one;  /* Op.EQUAL, ChangeKind.UNCHANGED, 1.0 */
    Py_ssize_t change_offsets[CHANGE_SLOTS];
} State;

/* ClauseChange's fields, in the order of its slots' values in unchanged(). */
static const char *const CHANGE_FIELDS[CHANGE_SLOTS] = CHANGE_FIELD_NAMES;

/* Whether a record type is laid out as ClauseChange.of fills one: the generic allocation, an
 * object header and exactly these seven object slots, each a member descriptor of the type
 * itself (no __dict__, no __weakref__, no base but object). Their offsets, if so. A type's
 * layout never changes once made, whatever is later set on it. */
static int record_layout(PyTypeObject *type, Py_ssize_t *offsets)
{
    Py_ssize_t size = (Py_ssize_t)(sizeof(PyObject) + CHANGE_SLOTS * sizeof(PyObject *));
    if (type->tp_alloc != PyType_GenericAlloc || type->tp_base != &PyBaseObject_Type
            || type->tp_basicsize != size || type->tp_itemsize || type->tp_dictoffset
            || type->tp_weaklistoffset || !type->tp_dict)
        return 0;
    unsigned seen = 0;  /* which pointer-sized places after the header are taken */
    for (int i = 0; i < CHANGE_SLOTS; i++) {
        PyObject *slot = PyDict_GetItemString(type->tp_dict, CHANGE_FIELDS[i]);  /* borrowed */
        if (!slot || !Py_IS_TYPE(slot, &PyMemberDescr_Type) || PyDescr_TYPE(slot) != type
                || ((PyMemberDescrObject *)slot)->d_member->type != T_OBJECT_EX)
            return 0;
        Py_ssize_t at = ((PyMemberDescrObject *)slot)->d_member->offset;
        Py_ssize_t place = (at - (Py_ssize_t)sizeof(PyObject)) / (Py_ssize_t)sizeof(PyObject *);
        if (at < (Py_ssize_t)sizeof(PyObject) || at >= size || (at - (Py_ssize_t)sizeof(PyObject))
                % (Py_ssize_t)sizeof(PyObject *) || seen & (1u << place))
            return 0;
        seen |= 1u << place;
        offsets[i] = at;
    }
    return 1;
}

/* configure_unchanged(ClauseChange, Span, Op.EQUAL, ChangeKind.UNCHANGED): what unchanged()
 * builds; TypeError (and nothing kept) if the types are not laid out as it expects. */
static PyObject *configure_unchanged(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (!arity("configure_unchanged", nargs, 4)) return NULL;
    Py_ssize_t offsets[CHANGE_SLOTS];
    if (!PyType_Check(args[0]) || !PyType_Check(args[1])
            || !record_layout((PyTypeObject *)args[0], offsets)
            || !span_layout((PyTypeObject *)args[1])) {
        PyErr_SetString(PyExc_TypeError, "the record or span type is not laid out as "
                        "ordiff._records.unchanged expects (the Python version is used)");
        return NULL;
    }
    PyObject *one = PyFloat_FromDouble(1.0);
    if (!one) return NULL;
    State *state = PyModule_GetState(module);
    Py_XSETREF(state->change_type, (PyTypeObject *)Py_NewRef(args[0]));
    Py_XSETREF(state->span_type, (PyTypeObject *)Py_NewRef(args[1]));
    Py_XSETREF(state->equal, Py_NewRef(args[2]));
    Py_XSETREF(state->unchanged, Py_NewRef(args[3]));
    Py_XSETREF(state->one, one);
    memcpy(state->change_offsets, offsets, sizeof offsets);
    Py_RETURN_NONE;
}

/* (Span(Op.EQUAL, words),) if words else (): a new reference, or NULL. */
static PyObject *equal_spans(State *state, PyObject *words)
{
    int truth = PyUnicode_CheckExact(words) ? PyUnicode_GET_LENGTH(words) != 0
                : words == Py_None ? 0 : PyObject_IsTrue(words);
    if (truth <= 0) return truth ? NULL : PyTuple_New(0);
    PyObject *span = state->span_type->tp_alloc(state->span_type, 3), *spans;
    if (!span) return NULL;
    PyTuple_SET_ITEM(span, 0, Py_NewRef(state->equal));
    PyTuple_SET_ITEM(span, 1, Py_NewRef(words));
    PyTuple_SET_ITEM(span, 2, Py_NewRef(Py_False));
    if (!(spans = PyTuple_New(1))) {
        Py_DECREF(span);
        return NULL;
    }
    PyTuple_SET_ITEM(spans, 0, span);
    return spans;
}

/* The equal spans of clause.heading or clause.text (a new reference, or NULL). */
static PyObject *own_spans(State *state, PyObject *clause, int which)
{
    PyObject *words = field(&state->clause, clause, which);
    if (!words) return NULL;
    PyObject *spans = equal_spans(state, words);
    Py_DECREF(words);
    return spans;
}

/* unchanged(clause): ClauseChange.of(ChangeKind.UNCHANGED, clause, clause, heading, text,
 * False, 1.0), the heading and text each one equal span, or none if empty (compare's
 * _unchanged, the Python version in ordiff/wordsets.py). */
static PyObject *unchanged(PyObject *module, PyObject *clause)
{
    State *state = PyModule_GetState(module);
    if (!state->change_type) {
        PyErr_SetString(PyExc_RuntimeError, "unchanged() before configure_unchanged()");
        return NULL;
    }
    PyObject *heading = own_spans(state, clause, HEADING);
    PyObject *text = heading ? own_spans(state, clause, TEXT) : NULL;
    PyObject *change = text ? state->change_type->tp_alloc(state->change_type, 0) : NULL;
    if (!change) {
        Py_XDECREF(heading);
        Py_XDECREF(text);
        return NULL;
    }
    PyObject *values[CHANGE_SLOTS] = {Py_NewRef(state->unchanged), Py_NewRef(clause),
                                      Py_NewRef(clause), heading, text, Py_NewRef(Py_False),
                                      Py_NewRef(state->one)};
    for (int i = 0; i < CHANGE_SLOTS; i++)
        *(PyObject **)((char *)change + state->change_offsets[i]) = values[i];
    return change;
}


/* ---- the module ------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"configure_unchanged", FASTCALL(configure_unchanged), METH_FASTCALL,
     "Sets the record and span types and values unchanged() builds."},
    {"unchanged", unchanged, METH_O, "An unchanged clause's record (compare._unchanged)."},
    {NULL, NULL, 0, NULL}};

static int exec_module(PyObject *module)
{
    State *state = PyModule_GetState(module);
    if (!(state->own[HEADING] = PyUnicode_InternFromString("heading"))
            || !(state->own[TEXT] = PyUnicode_InternFromString("text")))
        return -1;
    state->clause = (Fields){.names = {state->own[HEADING], state->own[TEXT]}, .count = OWN};
    return 0;
}

static int traverse(PyObject *module, visitproc visit, void *arg)
{
    State *state = PyModule_GetState(module);
    Py_VISIT(state->own[HEADING]);
    Py_VISIT(state->own[TEXT]);
    Py_VISIT(state->clause.type);
    Py_VISIT(state->change_type);
    Py_VISIT(state->span_type);
    Py_VISIT(state->equal);
    Py_VISIT(state->unchanged);
    Py_VISIT(state->one);
    return 0;
}

static int clear(PyObject *module)
{
    State *state = PyModule_GetState(module);
    Py_CLEAR(state->own[HEADING]);
    Py_CLEAR(state->own[TEXT]);
    Py_CLEAR(state->clause.type);
    Py_CLEAR(state->change_type);
    Py_CLEAR(state->span_type);
    Py_CLEAR(state->equal);
    Py_CLEAR(state->unchanged);
    Py_CLEAR(state->one);
    return 0;
}

static void free_module(void *module) { clear((PyObject *)module); }

static PyModuleDef_Slot slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "ordiff._records",
    "compare's record of an unchanged clause in C (see ordiff/wordsets.py).", sizeof(State),
    methods, slots, traverse, clear, free_module};

PyMODINIT_FUNC PyInit__records(void) { return PyModuleDef_Init(&module_def); }
