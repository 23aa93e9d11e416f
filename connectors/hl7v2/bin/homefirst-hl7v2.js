#!/usr/bin/env node
'use strict';
// The hl7v2 connector's own command (serve, map); `homefirst map hl7v2` delegates here.
void require('../dist/main.js').run(process.argv);
