#!/usr/bin/env node
'use strict';
// The council connector's own command (serve, ingest, map); `homefirst map council` and `homefirst ingest council` delegate here.
void require('../dist/main.js').run(process.argv);
