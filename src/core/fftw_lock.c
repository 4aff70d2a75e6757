/* The lock that serialises FFTW planning (see fftw_lock.h). */
#include <pthread.h>

#include "core/fftw_lock.h"

static pthread_mutex_t fftw_planner_mutex = PTHREAD_MUTEX_INITIALIZER;

/* pthread_mutex_lock on a statically initialised default mutex fails only
 * on misuse (EDEADLK is not reported for the default type), so the return
 * value carries no information here. */
void kes__fftw_lock(void) { (void)pthread_mutex_lock(&fftw_planner_mutex); }

void kes__fftw_unlock(void) { (void)pthread_mutex_unlock(&fftw_planner_mutex); }
