/*
 * PDFium calls repeated over a page's characters or objects, made from C in one call a list.
 *
 * Part of the compiled build only (see setup.py); gyokaku.extract.pdfium_bulk makes the same
 * calls through ctypes when this extension is missing, and gives the same lists either way.
 * A ctypes call costs a few thousand instructions, far more than what most of these PDFium
 * functions do; a page of a report needs thousands of them.
 *
 * PDFium is not linked here: Python passes the address of each function (taken from
 * pypdfium2's own bindings) with the handles, so building needs neither PDFium's headers nor
 * its library.  Every function address and handle is a Python int; a null function address
 * is refused, null handles are PDFium's to refuse (it returns a failure for them).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>

typedef void *(*ObjectAt)(void *, int);       /* FPDFText_GetTextObject, FPDFPage_GetObject */
typedef int (*FloatsAt)(void *, int, float *); /* FPDFText_GetLooseCharBox, FPDFText_GetMatrix */
typedef int (*IntOf)(void *);                  /* FPDFPageObj_GetType */
typedef void *(*PointerOf)(void *);            /* FPDFTextObj_GetFont */
typedef int (*FloatOf)(void *, float *);       /* FPDFTextObj_GetFontSize */

/* The out-array holds this many floats whatever the width asked for: FS_MATRIX, the largest
 * structure these functions write, fits in it. */
#define MAX_FLOATS 6

static int
to_pointer(PyObject *value, void *out)
{
    void *pointer = PyLong_AsVoidPtr(value);
    if (pointer == NULL && PyErr_Occurred()) {
        return 0;
    }
    *(void **)out = pointer;
    return 1;
}

static int
to_function(PyObject *value, void *out)
{
    if (!to_pointer(value, out)) {
        return 0;
    }
    if (*(void **)out == NULL) {
        PyErr_SetString(PyExc_ValueError, "a null function address");
        return 0;
    }
    return 1;
}

static int
to_index(PyObject *value, int *index)
{
    long number = PyLong_AsLong(value);
    if (number == -1 && PyErr_Occurred()) {
        return 0;
    }
    if (number < INT_MIN || number > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "an index out of the range of int");
        return 0;
    }
    *index = (int)number;
    return 1;
}

/* One PDFium function called over a list: the function, the handle it is asked about (for
 * the calls by index) and how many floats it writes (for the calls with an out-array). */
typedef struct {
    void *function;
    void *handle;
    int width;
} Call;

typedef PyObject *(*OneCall)(const Call *call, PyObject *item);

/* A new list of ``one(call, item)`` for each item of the sequence ``items``. */
static PyObject *
call_each(const Call *call, PyObject *items, OneCall one)
{
    PyObject *sequence = PySequence_Fast(items, "expected a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject *result = PyList_New(count);
    for (Py_ssize_t position = 0; result != NULL && position < count; position++) {
        PyObject *value = one(call, PySequence_Fast_GET_ITEM(sequence, position));
        if (value == NULL) {
            Py_CLEAR(result);
        }
        else {
            PyList_SET_ITEM(result, position, value);
        }
    }
    Py_DECREF(sequence);
    return result;
}

static PyObject *
object_at(const Call *call, PyObject *item)
{
    int index;
    if (!to_index(item, &index)) {
        return NULL;
    }
    return PyLong_FromVoidPtr(((ObjectAt)call->function)(call->handle, index));
}

static PyObject *
floats_tuple(const float *values, int width)
{
    PyObject *item = PyTuple_New(width);
    if (item == NULL) {
        return NULL;
    }
    for (int k = 0; k < width; k++) {
        PyObject *value = PyFloat_FromDouble((double)values[k]);
        if (value == NULL) {
            Py_DECREF(item);
            return NULL;
        }
        PyTuple_SET_ITEM(item, k, value);
    }
    return item;
}

static PyObject *
floats_at_index(const Call *call, PyObject *item)
{
    int index;
    float values[MAX_FLOATS];
    if (!to_index(item, &index)) {
        return NULL;
    }
    if (!((FloatsAt)call->function)(call->handle, index, values)) {
        return Py_NewRef(Py_None);
    }
    return floats_tuple(values, call->width);
}

static PyObject *
int_of(const Call *call, PyObject *item)
{
    void *object;
    if (!to_pointer(item, &object)) {
        return NULL;
    }
    return PyLong_FromLong(((IntOf)call->function)(object));
}

static PyObject *
pointer_of(const Call *call, PyObject *item)
{
    void *object;
    if (!to_pointer(item, &object)) {
        return NULL;
    }
    return PyLong_FromVoidPtr(((PointerOf)call->function)(object));
}

static PyObject *
float_of(const Call *call, PyObject *item)
{
    void *object;
    float value;
    if (!to_pointer(item, &object)) {
        return NULL;
    }
    if (!((FloatOf)call->function)(object, &value)) {
        return Py_NewRef(Py_None);
    }
    return PyFloat_FromDouble((double)value);
}

static PyObject *
objects_at(PyObject *module, PyObject *args)
{
    Call call = {NULL, NULL, 0};
    PyObject *indexes;
    if (!PyArg_ParseTuple(args, "O&O&O", to_function, &call.function, to_pointer,
                          &call.handle, &indexes)) {
        return NULL;
    }
    return call_each(&call, indexes, object_at);
}

static PyObject *
floats_at(PyObject *module, PyObject *args)
{
    Call call = {NULL, NULL, 0};
    PyObject *indexes;
    if (!PyArg_ParseTuple(args, "O&O&Oi", to_function, &call.function, to_pointer,
                          &call.handle, &indexes, &call.width)) {
        return NULL;
    }
    if (call.width < 1 || call.width > MAX_FLOATS) {
        PyErr_Format(PyExc_ValueError, "width must be 1 to %d", MAX_FLOATS);
        return NULL;
    }
    return call_each(&call, indexes, floats_at_index);
}

/* The calls of one object handle each: (function, objects). */
static PyObject *
of_objects(PyObject *args, OneCall one)
{
    Call call = {NULL, NULL, 0};
    PyObject *objects;
    if (!PyArg_ParseTuple(args, "O&O", to_function, &call.function, &objects)) {
        return NULL;
    }
    return call_each(&call, objects, one);
}

static PyObject *
ints_of(PyObject *module, PyObject *args)
{
    return of_objects(args, int_of);
}

static PyObject *
pointers_of(PyObject *module, PyObject *args)
{
    return of_objects(args, pointer_of);
}

static PyObject *
floats_of(PyObject *module, PyObject *args)
{
    return of_objects(args, float_of);
}

static PyMethodDef methods[] = {
    {"objects_at", objects_at, METH_VARARGS,
     "objects_at(function, handle, indexes): [function(handle, i) for i in indexes], "
     "pointers as ints (0 for null)."},
    {"floats_at", floats_at, METH_VARARGS,
     "floats_at(function, handle, indexes, width): for each index, the width floats "
     "function(handle, index, out) wrote, as a tuple, or None when it returned false."},
    {"ints_of", ints_of, METH_VARARGS,
     "ints_of(function, objects): [function(object) for object in objects]."},
    {"pointers_of", pointers_of, METH_VARARGS,
     "pointers_of(function, objects): [function(object) for object in objects], "
     "pointers as ints (0 for null)."},
    {"floats_of", floats_of, METH_VARARGS,
     "floats_of(function, objects): for each object, the float function(object, out) wrote, "
     "or None when it returned false."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gyokaku.extract._pdfium_bulk",
    .m_doc = "PDFium calls repeated over a page's characters or objects, made from C "
             "(see gyokaku.extract.pdfium_bulk).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__pdfium_bulk(void)
{
    return PyModule_Create(&module);
}
