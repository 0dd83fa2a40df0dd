import { z } from "zod";

// zod 4 compiles object parsers with `new Function` when eval is allowed, and probes for it by
// trying. Under the site's CSP (no 'unsafe-eval') the probe fails harmlessly, but the browser
// still reports a CSP violation each time. jitless skips the probe; these schemas are small.
// Every module that builds schemas imports this first, so it runs before any schema exists.
z.config({ jitless: true });
