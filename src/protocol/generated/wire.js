/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";
import { oneOfSetter } from "../oneof-setter.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const gossip = $root.gossip = (() => {

    /**
     * Namespace gossip.
     * @exports gossip
     * @namespace
     */
    const gossip = {};

    gossip.Gossip = (function() {

        /**
         * Constructs a new Gossip service.
         * @memberof gossip
         * @classdesc Represents a Gossip
         * @extends $protobuf.rpc.Service
         * @constructor
         * @param {$protobuf.RPCImpl} rpcImpl RPC implementation
         * @param {boolean} [requestDelimited=false] Whether requests are length-delimited
         * @param {boolean} [responseDelimited=false] Whether responses are length-delimited
         */
        const Gossip = function(rpcImpl, requestDelimited, responseDelimited) {
            $protobuf.rpc.Service.call(this, rpcImpl, requestDelimited, responseDelimited);
        };

        $Object.defineProperty(Gossip.prototype = $Object.create($protobuf.rpc.Service.prototype), "constructor", { value: Gossip, writable: true, enumerable: false, configurable: true });

        /**
         * Creates new Gossip service using the specified rpc implementation.
         * @function create
         * @memberof gossip.Gossip
         * @static
         * @param {$protobuf.RPCImpl} rpcImpl RPC implementation
         * @param {boolean} [requestDelimited=false] Whether requests are length-delimited
         * @param {boolean} [responseDelimited=false] Whether responses are length-delimited
         * @returns {Gossip} RPC service. Useful where requests and/or responses are streamed.
         */
        Gossip.create = function(rpcImpl, requestDelimited, responseDelimited) {
            return new this(rpcImpl, requestDelimited, responseDelimited);
        };

        /**
         * Callback as used by {@link gossip.Gossip#gossipStream}.
         * @memberof gossip.Gossip
         * @typedef GossipStreamCallback
         * @type {function}
         * @param {Error|null} error Error, if any
         * @param {gossip.Envelope} [response] Envelope
         */

        /**
         * Calls GossipStream.
         * @memberof gossip.Gossip
         * @typedef GossipStream
         * @type {{
         *   (request: gossip.IEnvelope, callback: gossip.Gossip.GossipStreamCallback): void;
         *   (request: gossip.IEnvelope): Promise<gossip.Envelope>;
         *   readonly name: "GossipStream";
         *   readonly path: "/gossip.Gossip/GossipStream";
         *   readonly requestType: "Envelope";
         *   readonly responseType: "Envelope";
         *   readonly requestStream: true;
         *   readonly responseStream: true;
         * }}
         */

        /**
         * Calls GossipStream.
         * @name gossip.Gossip#gossipStream
         * @type {gossip.Gossip.GossipStream}
         */
        $Object.defineProperties(Gossip.prototype.gossipStream = function(request, callback) {
            return $protobuf.rpc.Service.prototype.rpcCall.call(this, Gossip.prototype.gossipStream, $root.gossip.Envelope, $root.gossip.Envelope, request, callback);
        }, {
            name: { value: "GossipStream" },
            path: { value: "/gossip.Gossip/GossipStream" },
            requestType: { value: "Envelope" },
            responseType: { value: "Envelope" },
            requestStream: { value: true },
            responseStream: { value: true }
        });

        /**
         * Callback as used by {@link gossip.Gossip#ping}.
         * @memberof gossip.Gossip
         * @typedef PingCallback
         * @type {function}
         * @param {Error|null} error Error, if any
         * @param {gossip.Empty} [response] Empty
         */

        /**
         * Calls Ping.
         * @memberof gossip.Gossip
         * @typedef Ping
         * @type {{
         *   (request: gossip.IEmpty, callback: gossip.Gossip.PingCallback): void;
         *   (request: gossip.IEmpty): Promise<gossip.Empty>;
         *   readonly name: "Ping";
         *   readonly path: "/gossip.Gossip/Ping";
         *   readonly requestType: "Empty";
         *   readonly responseType: "Empty";
         *   readonly requestStream: undefined;
         *   readonly responseStream: undefined;
         * }}
         */

        /**
         * Calls Ping.
         * @name gossip.Gossip#ping
         * @type {gossip.Gossip.Ping}
         */
        $Object.defineProperties(Gossip.prototype.ping = function(request, callback) {
            return $protobuf.rpc.Service.prototype.rpcCall.call(this, Gossip.prototype.ping, $root.gossip.Empty, $root.gossip.Empty, request, callback);
        }, {
            name: { value: "Ping" },
            path: { value: "/gossip.Gossip/Ping" },
            requestType: { value: "Empty" },
            responseType: { value: "Empty" },
            requestStream: { value: $undefined },
            responseStream: { value: $undefined }
        });

        return Gossip;
    })();

    gossip.Envelope = (function() {

        /**
         * Properties of an Envelope.
         * @typedef {Object} gossip.Envelope.$Properties
         * @property {Uint8Array|null} [payload] Envelope payload
         * @property {Uint8Array|null} [signature] Envelope signature
         * @property {gossip.SecretEnvelope.$Properties|null} [secretEnvelope] Envelope secretEnvelope
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Envelope.
         * @memberof gossip
         * @interface IEnvelope
         * @augments gossip.Envelope.$Properties
         * @deprecated Use gossip.Envelope.$Properties instead.
         */

        /**
         * Shape of an Envelope.
         * @typedef {gossip.Envelope.$Properties} gossip.Envelope.$Shape
         */

        /**
         * Constructs a new Envelope.
         * @memberof gossip
         * @classdesc Represents an Envelope.
         * @constructor
         * @param {gossip.Envelope.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Envelope = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * Envelope payload.
         * @member {Uint8Array} payload
         * @memberof gossip.Envelope
         * @instance
         */
        Envelope.prototype.payload = $util.newBuffer([]);

        /**
         * Envelope signature.
         * @member {Uint8Array} signature
         * @memberof gossip.Envelope
         * @instance
         */
        Envelope.prototype.signature = $util.newBuffer([]);

        /**
         * Envelope secretEnvelope.
         * @member {gossip.SecretEnvelope.$Properties|null|undefined} secretEnvelope
         * @memberof gossip.Envelope
         * @instance
         */
        Envelope.prototype.secretEnvelope = null;

        /**
         * Creates a new Envelope instance using the specified properties.
         * @function create
         * @memberof gossip.Envelope
         * @static
         * @param {gossip.Envelope.$Properties=} [properties] Properties to set
         * @returns {gossip.Envelope} Envelope instance
         * @type {{
         *   (properties: gossip.Envelope.$Shape): gossip.Envelope & gossip.Envelope.$Shape;
         *   (properties?: gossip.Envelope.$Properties): gossip.Envelope;
         * }}
         */
        Envelope.create = function(properties) {
            return new Envelope(properties);
        };

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link gossip.Envelope.verify|verify} messages.
         * @function encode
         * @memberof gossip.Envelope
         * @static
         * @param {gossip.Envelope.$Properties} m Envelope message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Envelope.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.payload != null && $Object.hasOwnProperty.call(m, "payload") && m.payload.length)
                w.uint32(/* id 1, wireType 2 =*/10).bytes(m.payload);
            if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.signature);
            if (m.secretEnvelope != null && $Object.hasOwnProperty.call(m, "secretEnvelope"))
                $root.gossip.SecretEnvelope.encode(m.secretEnvelope, w.uint32(/* id 3, wireType 2 =*/26).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.Envelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.Envelope & gossip.Envelope.$Shape} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Envelope.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.Envelope();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.payload = v;
                        else
                            delete m.payload;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.signature = v;
                        else
                            delete m.signature;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        m.secretEnvelope = $root.gossip.SecretEnvelope.decode(r, r.size(), $undefined, q + 1, m.secretEnvelope);
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return Envelope;
    })();

    gossip.SecretEnvelope = (function() {

        /**
         * Properties of a SecretEnvelope.
         * @typedef {Object} gossip.SecretEnvelope.$Properties
         * @property {Uint8Array|null} [payload] SecretEnvelope payload
         * @property {Uint8Array|null} [signature] SecretEnvelope signature
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SecretEnvelope.
         * @memberof gossip
         * @interface ISecretEnvelope
         * @augments gossip.SecretEnvelope.$Properties
         * @deprecated Use gossip.SecretEnvelope.$Properties instead.
         */

        /**
         * Shape of a SecretEnvelope.
         * @typedef {gossip.SecretEnvelope.$Properties} gossip.SecretEnvelope.$Shape
         */

        /**
         * Constructs a new SecretEnvelope.
         * @memberof gossip
         * @classdesc Represents a SecretEnvelope.
         * @constructor
         * @param {gossip.SecretEnvelope.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SecretEnvelope = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * SecretEnvelope payload.
         * @member {Uint8Array} payload
         * @memberof gossip.SecretEnvelope
         * @instance
         */
        SecretEnvelope.prototype.payload = $util.newBuffer([]);

        /**
         * SecretEnvelope signature.
         * @member {Uint8Array} signature
         * @memberof gossip.SecretEnvelope
         * @instance
         */
        SecretEnvelope.prototype.signature = $util.newBuffer([]);

        /**
         * Creates a new SecretEnvelope instance using the specified properties.
         * @function create
         * @memberof gossip.SecretEnvelope
         * @static
         * @param {gossip.SecretEnvelope.$Properties=} [properties] Properties to set
         * @returns {gossip.SecretEnvelope} SecretEnvelope instance
         * @type {{
         *   (properties: gossip.SecretEnvelope.$Shape): gossip.SecretEnvelope & gossip.SecretEnvelope.$Shape;
         *   (properties?: gossip.SecretEnvelope.$Properties): gossip.SecretEnvelope;
         * }}
         */
        SecretEnvelope.create = function(properties) {
            return new SecretEnvelope(properties);
        };

        /**
         * Encodes the specified SecretEnvelope message. Does not implicitly {@link gossip.SecretEnvelope.verify|verify} messages.
         * @function encode
         * @memberof gossip.SecretEnvelope
         * @static
         * @param {gossip.SecretEnvelope.$Properties} m SecretEnvelope message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SecretEnvelope.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.payload != null && $Object.hasOwnProperty.call(m, "payload") && m.payload.length)
                w.uint32(/* id 1, wireType 2 =*/10).bytes(m.payload);
            if (m.signature != null && $Object.hasOwnProperty.call(m, "signature") && m.signature.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.signature);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a SecretEnvelope message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.SecretEnvelope
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.SecretEnvelope & gossip.SecretEnvelope.$Shape} SecretEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SecretEnvelope.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.SecretEnvelope();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.payload = v;
                        else
                            delete m.payload;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.signature = v;
                        else
                            delete m.signature;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return SecretEnvelope;
    })();

    gossip.Secret = (function() {

        /**
         * Properties of a Secret.
         * @typedef {Object} gossip.Secret.$Properties
         * @property {string|null} [internalEndpoint] Secret internalEndpoint
         * @property {"internalEndpoint"} [content] Secret content
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Secret.
         * @memberof gossip
         * @interface ISecret
         * @augments gossip.Secret.$Properties
         * @deprecated Use gossip.Secret.$Properties instead.
         */

        /**
         * Narrowed shape of a Secret.
         * @typedef {{
         *   internalEndpoint?: string|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ content?: undefined; internalEndpoint?: null }|{ content?: "internalEndpoint"; internalEndpoint: string })
         * )} gossip.Secret.$Shape
         */

        /**
         * Constructs a new Secret.
         * @memberof gossip
         * @classdesc Represents a Secret.
         * @constructor
         * @param {gossip.Secret.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Secret = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * Secret internalEndpoint.
         * @member {string|null|undefined} internalEndpoint
         * @memberof gossip.Secret
         * @instance
         */
        Secret.prototype.internalEndpoint = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * Secret content.
         * @member {"internalEndpoint"|undefined} content
         * @memberof gossip.Secret
         * @instance
         */
        $Object.defineProperty(Secret.prototype, "content", {
            get: $util.oneOfGetter($oneOfFields = ["internalEndpoint"]),
            set: oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new Secret instance using the specified properties.
         * @function create
         * @memberof gossip.Secret
         * @static
         * @param {gossip.Secret.$Properties=} [properties] Properties to set
         * @returns {gossip.Secret} Secret instance
         * @type {{
         *   (properties: gossip.Secret.$Shape): gossip.Secret & gossip.Secret.$Shape;
         *   (properties?: gossip.Secret.$Properties): gossip.Secret;
         * }}
         */
        Secret.create = function(properties) {
            return new Secret(properties);
        };

        /**
         * Encodes the specified Secret message. Does not implicitly {@link gossip.Secret.verify|verify} messages.
         * @function encode
         * @memberof gossip.Secret
         * @static
         * @param {gossip.Secret.$Properties} m Secret message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Secret.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.internalEndpoint != null && $Object.hasOwnProperty.call(m, "internalEndpoint"))
                w.uint32(/* id 1, wireType 2 =*/10).string(m.internalEndpoint);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a Secret message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.Secret
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.Secret & gossip.Secret.$Shape} Secret
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Secret.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.Secret();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.internalEndpoint = r.stringVerify();
                        m.content = "internalEndpoint";
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return Secret;
    })();

    gossip.GossipMessage = (function() {

        /**
         * Properties of a GossipMessage.
         * @typedef {Object} gossip.GossipMessage.$Properties
         * @property {Long|null} [nonce] GossipMessage nonce
         * @property {Uint8Array|null} [channel] GossipMessage channel
         * @property {gossip.GossipMessage.Tag|null} [tag] GossipMessage tag
         * @property {gossip.AliveMessage.$Properties|null} [aliveMsg] GossipMessage aliveMsg
         * @property {gossip.MembershipRequest.$Properties|null} [memReq] GossipMessage memReq
         * @property {gossip.MembershipResponse.$Properties|null} [memRes] GossipMessage memRes
         * @property {gossip.GossipHello.$Properties|null} [hello] GossipMessage hello
         * @property {gossip.DataDigest.$Properties|null} [dataDig] GossipMessage dataDig
         * @property {gossip.DataRequest.$Properties|null} [dataReq] GossipMessage dataReq
         * @property {gossip.DataUpdate.$Properties|null} [dataUpdate] GossipMessage dataUpdate
         * @property {gossip.Empty.$Properties|null} [empty] GossipMessage empty
         * @property {gossip.ConnEstablish.$Properties|null} [conn] GossipMessage conn
         * @property {gossip.PeerIdentity.$Properties|null} [peerIdentity] GossipMessage peerIdentity
         * @property {"aliveMsg"|"memReq"|"memRes"|"hello"|"dataDig"|"dataReq"|"dataUpdate"|"empty"|"conn"|"peerIdentity"} [content] GossipMessage content
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GossipMessage.
         * @memberof gossip
         * @interface IGossipMessage
         * @augments gossip.GossipMessage.$Properties
         * @deprecated Use gossip.GossipMessage.$Properties instead.
         */

        /**
         * Narrowed shape of a GossipMessage.
         * @typedef {{
         *   nonce?: Long|null;
         *   channel?: Uint8Array|null;
         *   tag?: gossip.GossipMessage.Tag|null;
         *   aliveMsg?: gossip.AliveMessage.$Shape|null;
         *   memReq?: gossip.MembershipRequest.$Shape|null;
         *   memRes?: gossip.MembershipResponse.$Shape|null;
         *   hello?: gossip.GossipHello.$Shape|null;
         *   dataDig?: gossip.DataDigest.$Shape|null;
         *   dataReq?: gossip.DataRequest.$Shape|null;
         *   dataUpdate?: gossip.DataUpdate.$Shape|null;
         *   empty?: gossip.Empty.$Shape|null;
         *   conn?: gossip.ConnEstablish.$Shape|null;
         *   peerIdentity?: gossip.PeerIdentity.$Shape|null;
         *   $unknowns?: Array.<Uint8Array>;
         * } & (
         *   ({ content?: undefined; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "aliveMsg"; aliveMsg: gossip.AliveMessage.$Shape; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "memReq"; aliveMsg?: null; memReq: gossip.MembershipRequest.$Shape; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "memRes"; aliveMsg?: null; memReq?: null; memRes: gossip.MembershipResponse.$Shape; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "hello"; aliveMsg?: null; memReq?: null; memRes?: null; hello: gossip.GossipHello.$Shape; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataDig"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig: gossip.DataDigest.$Shape; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataReq"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq: gossip.DataRequest.$Shape; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataUpdate"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate: gossip.DataUpdate.$Shape; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "empty"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty: gossip.Empty.$Shape; conn?: null; peerIdentity?: null }|{ content?: "conn"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn: gossip.ConnEstablish.$Shape; peerIdentity?: null }|{ content?: "peerIdentity"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity: gossip.PeerIdentity.$Shape })
         * )} gossip.GossipMessage.$Shape
         */

        /**
         * Constructs a new GossipMessage.
         * @memberof gossip
         * @classdesc Represents a GossipMessage.
         * @constructor
         * @param {gossip.GossipMessage.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GossipMessage = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * GossipMessage nonce.
         * @member {Long} nonce
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * GossipMessage channel.
         * @member {Uint8Array} channel
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.channel = $util.newBuffer([]);

        /**
         * GossipMessage tag.
         * @member {gossip.GossipMessage.Tag} tag
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.tag = 0;

        /**
         * GossipMessage aliveMsg.
         * @member {gossip.AliveMessage.$Properties|null|undefined} aliveMsg
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.aliveMsg = null;

        /**
         * GossipMessage memReq.
         * @member {gossip.MembershipRequest.$Properties|null|undefined} memReq
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.memReq = null;

        /**
         * GossipMessage memRes.
         * @member {gossip.MembershipResponse.$Properties|null|undefined} memRes
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.memRes = null;

        /**
         * GossipMessage hello.
         * @member {gossip.GossipHello.$Properties|null|undefined} hello
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.hello = null;

        /**
         * GossipMessage dataDig.
         * @member {gossip.DataDigest.$Properties|null|undefined} dataDig
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.dataDig = null;

        /**
         * GossipMessage dataReq.
         * @member {gossip.DataRequest.$Properties|null|undefined} dataReq
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.dataReq = null;

        /**
         * GossipMessage dataUpdate.
         * @member {gossip.DataUpdate.$Properties|null|undefined} dataUpdate
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.dataUpdate = null;

        /**
         * GossipMessage empty.
         * @member {gossip.Empty.$Properties|null|undefined} empty
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.empty = null;

        /**
         * GossipMessage conn.
         * @member {gossip.ConnEstablish.$Properties|null|undefined} conn
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.conn = null;

        /**
         * GossipMessage peerIdentity.
         * @member {gossip.PeerIdentity.$Properties|null|undefined} peerIdentity
         * @memberof gossip.GossipMessage
         * @instance
         */
        GossipMessage.prototype.peerIdentity = null;

        // OneOf field names bound to virtual getters and setters
        let $oneOfFields;

        /**
         * GossipMessage content.
         * @member {"aliveMsg"|"memReq"|"memRes"|"hello"|"dataDig"|"dataReq"|"dataUpdate"|"empty"|"conn"|"peerIdentity"|undefined} content
         * @memberof gossip.GossipMessage
         * @instance
         */
        $Object.defineProperty(GossipMessage.prototype, "content", {
            get: $util.oneOfGetter($oneOfFields = ["aliveMsg", "memReq", "memRes", "hello", "dataDig", "dataReq", "dataUpdate", "empty", "conn", "peerIdentity"]),
            set: oneOfSetter($oneOfFields)
        });

        /**
         * Creates a new GossipMessage instance using the specified properties.
         * @function create
         * @memberof gossip.GossipMessage
         * @static
         * @param {gossip.GossipMessage.$Properties=} [properties] Properties to set
         * @returns {gossip.GossipMessage} GossipMessage instance
         * @type {{
         *   (properties: gossip.GossipMessage.$Shape): gossip.GossipMessage & gossip.GossipMessage.$Shape;
         *   (properties?: gossip.GossipMessage.$Properties): gossip.GossipMessage;
         * }}
         */
        GossipMessage.create = function(properties) {
            return new GossipMessage(properties);
        };

        /**
         * Encodes the specified GossipMessage message. Does not implicitly {@link gossip.GossipMessage.verify|verify} messages.
         * @function encode
         * @memberof gossip.GossipMessage
         * @static
         * @param {gossip.GossipMessage.$Properties} m GossipMessage message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GossipMessage.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.nonce != null && $Object.hasOwnProperty.call(m, "nonce") && (typeof m.nonce === "object" ? m.nonce.low || m.nonce.high : m.nonce !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.nonce);
            if (m.channel != null && $Object.hasOwnProperty.call(m, "channel") && m.channel.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.channel);
            if (m.tag != null && $Object.hasOwnProperty.call(m, "tag") && m.tag !== 0)
                w.uint32(/* id 3, wireType 0 =*/24).int32(m.tag);
            if (m.aliveMsg != null && $Object.hasOwnProperty.call(m, "aliveMsg"))
                $root.gossip.AliveMessage.encode(m.aliveMsg, w.uint32(/* id 5, wireType 2 =*/42).fork(), q + 1).ldelim();
            if (m.memReq != null && $Object.hasOwnProperty.call(m, "memReq"))
                $root.gossip.MembershipRequest.encode(m.memReq, w.uint32(/* id 6, wireType 2 =*/50).fork(), q + 1).ldelim();
            if (m.memRes != null && $Object.hasOwnProperty.call(m, "memRes"))
                $root.gossip.MembershipResponse.encode(m.memRes, w.uint32(/* id 7, wireType 2 =*/58).fork(), q + 1).ldelim();
            if (m.hello != null && $Object.hasOwnProperty.call(m, "hello"))
                $root.gossip.GossipHello.encode(m.hello, w.uint32(/* id 9, wireType 2 =*/74).fork(), q + 1).ldelim();
            if (m.dataDig != null && $Object.hasOwnProperty.call(m, "dataDig"))
                $root.gossip.DataDigest.encode(m.dataDig, w.uint32(/* id 10, wireType 2 =*/82).fork(), q + 1).ldelim();
            if (m.dataReq != null && $Object.hasOwnProperty.call(m, "dataReq"))
                $root.gossip.DataRequest.encode(m.dataReq, w.uint32(/* id 11, wireType 2 =*/90).fork(), q + 1).ldelim();
            if (m.dataUpdate != null && $Object.hasOwnProperty.call(m, "dataUpdate"))
                $root.gossip.DataUpdate.encode(m.dataUpdate, w.uint32(/* id 12, wireType 2 =*/98).fork(), q + 1).ldelim();
            if (m.empty != null && $Object.hasOwnProperty.call(m, "empty"))
                $root.gossip.Empty.encode(m.empty, w.uint32(/* id 13, wireType 2 =*/106).fork(), q + 1).ldelim();
            if (m.conn != null && $Object.hasOwnProperty.call(m, "conn"))
                $root.gossip.ConnEstablish.encode(m.conn, w.uint32(/* id 14, wireType 2 =*/114).fork(), q + 1).ldelim();
            if (m.peerIdentity != null && $Object.hasOwnProperty.call(m, "peerIdentity"))
                $root.gossip.PeerIdentity.encode(m.peerIdentity, w.uint32(/* id 21, wireType 2 =*/170).fork(), q + 1).ldelim();
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a GossipMessage message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.GossipMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.GossipMessage & gossip.GossipMessage.$Shape} GossipMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GossipMessage.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.GossipMessage();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.nonce = v;
                        else
                            delete m.nonce;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.channel = v;
                        else
                            delete m.channel;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.tag = v;
                        else
                            delete m.tag;
                        continue;
                    }
                case 5: {
                        if (u !== 2)
                            break;
                        m.aliveMsg = $root.gossip.AliveMessage.decode(r, r.size(), $undefined, q + 1, m.aliveMsg);
                        m.content = "aliveMsg";
                        continue;
                    }
                case 6: {
                        if (u !== 2)
                            break;
                        m.memReq = $root.gossip.MembershipRequest.decode(r, r.size(), $undefined, q + 1, m.memReq);
                        m.content = "memReq";
                        continue;
                    }
                case 7: {
                        if (u !== 2)
                            break;
                        m.memRes = $root.gossip.MembershipResponse.decode(r, r.size(), $undefined, q + 1, m.memRes);
                        m.content = "memRes";
                        continue;
                    }
                case 9: {
                        if (u !== 2)
                            break;
                        m.hello = $root.gossip.GossipHello.decode(r, r.size(), $undefined, q + 1, m.hello);
                        m.content = "hello";
                        continue;
                    }
                case 10: {
                        if (u !== 2)
                            break;
                        m.dataDig = $root.gossip.DataDigest.decode(r, r.size(), $undefined, q + 1, m.dataDig);
                        m.content = "dataDig";
                        continue;
                    }
                case 11: {
                        if (u !== 2)
                            break;
                        m.dataReq = $root.gossip.DataRequest.decode(r, r.size(), $undefined, q + 1, m.dataReq);
                        m.content = "dataReq";
                        continue;
                    }
                case 12: {
                        if (u !== 2)
                            break;
                        m.dataUpdate = $root.gossip.DataUpdate.decode(r, r.size(), $undefined, q + 1, m.dataUpdate);
                        m.content = "dataUpdate";
                        continue;
                    }
                case 13: {
                        if (u !== 2)
                            break;
                        m.empty = $root.gossip.Empty.decode(r, r.size(), $undefined, q + 1, m.empty);
                        m.content = "empty";
                        continue;
                    }
                case 14: {
                        if (u !== 2)
                            break;
                        m.conn = $root.gossip.ConnEstablish.decode(r, r.size(), $undefined, q + 1, m.conn);
                        m.content = "conn";
                        continue;
                    }
                case 21: {
                        if (u !== 2)
                            break;
                        m.peerIdentity = $root.gossip.PeerIdentity.decode(r, r.size(), $undefined, q + 1, m.peerIdentity);
                        m.content = "peerIdentity";
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        /**
         * Tag enum.
         * @name gossip.GossipMessage.Tag
         * @enum {number}
         * @property {number} UNDEFINED=0 UNDEFINED value
         * @property {number} EMPTY=1 EMPTY value
         * @property {number} ORG_ONLY=2 ORG_ONLY value
         * @property {number} CHAN_ONLY=3 CHAN_ONLY value
         * @property {number} CHAN_AND_ORG=4 CHAN_AND_ORG value
         * @property {number} CHAN_OR_ORG=5 CHAN_OR_ORG value
         */
        GossipMessage.Tag = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "UNDEFINED"] = 0;
            values[valuesById[1] = "EMPTY"] = 1;
            values[valuesById[2] = "ORG_ONLY"] = 2;
            values[valuesById[3] = "CHAN_ONLY"] = 3;
            values[valuesById[4] = "CHAN_AND_ORG"] = 4;
            values[valuesById[5] = "CHAN_OR_ORG"] = 5;
            return values;
        })();

        return GossipMessage;
    })();

    gossip.ConnEstablish = (function() {

        /**
         * Properties of a ConnEstablish.
         * @typedef {Object} gossip.ConnEstablish.$Properties
         * @property {Uint8Array|null} [pkiId] ConnEstablish pkiId
         * @property {Uint8Array|null} [identity] ConnEstablish identity
         * @property {Uint8Array|null} [tlsCertHash] ConnEstablish tlsCertHash
         * @property {boolean|null} [probe] ConnEstablish probe
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ConnEstablish.
         * @memberof gossip
         * @interface IConnEstablish
         * @augments gossip.ConnEstablish.$Properties
         * @deprecated Use gossip.ConnEstablish.$Properties instead.
         */

        /**
         * Shape of a ConnEstablish.
         * @typedef {gossip.ConnEstablish.$Properties} gossip.ConnEstablish.$Shape
         */

        /**
         * Constructs a new ConnEstablish.
         * @memberof gossip
         * @classdesc Represents a ConnEstablish.
         * @constructor
         * @param {gossip.ConnEstablish.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ConnEstablish = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * ConnEstablish pkiId.
         * @member {Uint8Array} pkiId
         * @memberof gossip.ConnEstablish
         * @instance
         */
        ConnEstablish.prototype.pkiId = $util.newBuffer([]);

        /**
         * ConnEstablish identity.
         * @member {Uint8Array} identity
         * @memberof gossip.ConnEstablish
         * @instance
         */
        ConnEstablish.prototype.identity = $util.newBuffer([]);

        /**
         * ConnEstablish tlsCertHash.
         * @member {Uint8Array} tlsCertHash
         * @memberof gossip.ConnEstablish
         * @instance
         */
        ConnEstablish.prototype.tlsCertHash = $util.newBuffer([]);

        /**
         * ConnEstablish probe.
         * @member {boolean} probe
         * @memberof gossip.ConnEstablish
         * @instance
         */
        ConnEstablish.prototype.probe = false;

        /**
         * Creates a new ConnEstablish instance using the specified properties.
         * @function create
         * @memberof gossip.ConnEstablish
         * @static
         * @param {gossip.ConnEstablish.$Properties=} [properties] Properties to set
         * @returns {gossip.ConnEstablish} ConnEstablish instance
         * @type {{
         *   (properties: gossip.ConnEstablish.$Shape): gossip.ConnEstablish & gossip.ConnEstablish.$Shape;
         *   (properties?: gossip.ConnEstablish.$Properties): gossip.ConnEstablish;
         * }}
         */
        ConnEstablish.create = function(properties) {
            return new ConnEstablish(properties);
        };

        /**
         * Encodes the specified ConnEstablish message. Does not implicitly {@link gossip.ConnEstablish.verify|verify} messages.
         * @function encode
         * @memberof gossip.ConnEstablish
         * @static
         * @param {gossip.ConnEstablish.$Properties} m ConnEstablish message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ConnEstablish.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.pkiId != null && $Object.hasOwnProperty.call(m, "pkiId") && m.pkiId.length)
                w.uint32(/* id 1, wireType 2 =*/10).bytes(m.pkiId);
            if (m.identity != null && $Object.hasOwnProperty.call(m, "identity") && m.identity.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.identity);
            if (m.tlsCertHash != null && $Object.hasOwnProperty.call(m, "tlsCertHash") && m.tlsCertHash.length)
                w.uint32(/* id 3, wireType 2 =*/26).bytes(m.tlsCertHash);
            if (m.probe != null && $Object.hasOwnProperty.call(m, "probe") && m.probe !== false)
                w.uint32(/* id 4, wireType 0 =*/32).bool(m.probe);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a ConnEstablish message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.ConnEstablish
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.ConnEstablish & gossip.ConnEstablish.$Shape} ConnEstablish
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ConnEstablish.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.ConnEstablish();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.pkiId = v;
                        else
                            delete m.pkiId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.identity = v;
                        else
                            delete m.identity;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.tlsCertHash = v;
                        else
                            delete m.tlsCertHash;
                        continue;
                    }
                case 4: {
                        if (u !== 0)
                            break;
                        if (v = r.bool())
                            m.probe = v;
                        else
                            delete m.probe;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return ConnEstablish;
    })();

    gossip.PeerIdentity = (function() {

        /**
         * Properties of a PeerIdentity.
         * @typedef {Object} gossip.PeerIdentity.$Properties
         * @property {Uint8Array|null} [pkiId] PeerIdentity pkiId
         * @property {Uint8Array|null} [cert] PeerIdentity cert
         * @property {Uint8Array|null} [metadata] PeerIdentity metadata
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PeerIdentity.
         * @memberof gossip
         * @interface IPeerIdentity
         * @augments gossip.PeerIdentity.$Properties
         * @deprecated Use gossip.PeerIdentity.$Properties instead.
         */

        /**
         * Shape of a PeerIdentity.
         * @typedef {gossip.PeerIdentity.$Properties} gossip.PeerIdentity.$Shape
         */

        /**
         * Constructs a new PeerIdentity.
         * @memberof gossip
         * @classdesc Represents a PeerIdentity.
         * @constructor
         * @param {gossip.PeerIdentity.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PeerIdentity = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * PeerIdentity pkiId.
         * @member {Uint8Array} pkiId
         * @memberof gossip.PeerIdentity
         * @instance
         */
        PeerIdentity.prototype.pkiId = $util.newBuffer([]);

        /**
         * PeerIdentity cert.
         * @member {Uint8Array} cert
         * @memberof gossip.PeerIdentity
         * @instance
         */
        PeerIdentity.prototype.cert = $util.newBuffer([]);

        /**
         * PeerIdentity metadata.
         * @member {Uint8Array} metadata
         * @memberof gossip.PeerIdentity
         * @instance
         */
        PeerIdentity.prototype.metadata = $util.newBuffer([]);

        /**
         * Creates a new PeerIdentity instance using the specified properties.
         * @function create
         * @memberof gossip.PeerIdentity
         * @static
         * @param {gossip.PeerIdentity.$Properties=} [properties] Properties to set
         * @returns {gossip.PeerIdentity} PeerIdentity instance
         * @type {{
         *   (properties: gossip.PeerIdentity.$Shape): gossip.PeerIdentity & gossip.PeerIdentity.$Shape;
         *   (properties?: gossip.PeerIdentity.$Properties): gossip.PeerIdentity;
         * }}
         */
        PeerIdentity.create = function(properties) {
            return new PeerIdentity(properties);
        };

        /**
         * Encodes the specified PeerIdentity message. Does not implicitly {@link gossip.PeerIdentity.verify|verify} messages.
         * @function encode
         * @memberof gossip.PeerIdentity
         * @static
         * @param {gossip.PeerIdentity.$Properties} m PeerIdentity message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PeerIdentity.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.pkiId != null && $Object.hasOwnProperty.call(m, "pkiId") && m.pkiId.length)
                w.uint32(/* id 1, wireType 2 =*/10).bytes(m.pkiId);
            if (m.cert != null && $Object.hasOwnProperty.call(m, "cert") && m.cert.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.cert);
            if (m.metadata != null && $Object.hasOwnProperty.call(m, "metadata") && m.metadata.length)
                w.uint32(/* id 3, wireType 2 =*/26).bytes(m.metadata);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a PeerIdentity message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.PeerIdentity
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.PeerIdentity & gossip.PeerIdentity.$Shape} PeerIdentity
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PeerIdentity.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.PeerIdentity();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.pkiId = v;
                        else
                            delete m.pkiId;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.cert = v;
                        else
                            delete m.cert;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.metadata = v;
                        else
                            delete m.metadata;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return PeerIdentity;
    })();

    /**
     * PullMsgType enum.
     * @name gossip.PullMsgType
     * @enum {number}
     * @property {number} UNDEFINED=0 UNDEFINED value
     * @property {number} BLOCK_MSG=1 BLOCK_MSG value
     * @property {number} IDENTITY_MSG=2 IDENTITY_MSG value
     */
    gossip.PullMsgType = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "UNDEFINED"] = 0;
        values[valuesById[1] = "BLOCK_MSG"] = 1;
        values[valuesById[2] = "IDENTITY_MSG"] = 2;
        return values;
    })();

    gossip.GossipHello = (function() {

        /**
         * Properties of a GossipHello.
         * @typedef {Object} gossip.GossipHello.$Properties
         * @property {Long|null} [nonce] GossipHello nonce
         * @property {Uint8Array|null} [metadata] GossipHello metadata
         * @property {gossip.PullMsgType|null} [msgType] GossipHello msgType
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GossipHello.
         * @memberof gossip
         * @interface IGossipHello
         * @augments gossip.GossipHello.$Properties
         * @deprecated Use gossip.GossipHello.$Properties instead.
         */

        /**
         * Shape of a GossipHello.
         * @typedef {gossip.GossipHello.$Properties} gossip.GossipHello.$Shape
         */

        /**
         * Constructs a new GossipHello.
         * @memberof gossip
         * @classdesc Represents a GossipHello.
         * @constructor
         * @param {gossip.GossipHello.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GossipHello = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * GossipHello nonce.
         * @member {Long} nonce
         * @memberof gossip.GossipHello
         * @instance
         */
        GossipHello.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * GossipHello metadata.
         * @member {Uint8Array} metadata
         * @memberof gossip.GossipHello
         * @instance
         */
        GossipHello.prototype.metadata = $util.newBuffer([]);

        /**
         * GossipHello msgType.
         * @member {gossip.PullMsgType} msgType
         * @memberof gossip.GossipHello
         * @instance
         */
        GossipHello.prototype.msgType = 0;

        /**
         * Creates a new GossipHello instance using the specified properties.
         * @function create
         * @memberof gossip.GossipHello
         * @static
         * @param {gossip.GossipHello.$Properties=} [properties] Properties to set
         * @returns {gossip.GossipHello} GossipHello instance
         * @type {{
         *   (properties: gossip.GossipHello.$Shape): gossip.GossipHello & gossip.GossipHello.$Shape;
         *   (properties?: gossip.GossipHello.$Properties): gossip.GossipHello;
         * }}
         */
        GossipHello.create = function(properties) {
            return new GossipHello(properties);
        };

        /**
         * Encodes the specified GossipHello message. Does not implicitly {@link gossip.GossipHello.verify|verify} messages.
         * @function encode
         * @memberof gossip.GossipHello
         * @static
         * @param {gossip.GossipHello.$Properties} m GossipHello message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GossipHello.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.nonce != null && $Object.hasOwnProperty.call(m, "nonce") && (typeof m.nonce === "object" ? m.nonce.low || m.nonce.high : m.nonce !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.nonce);
            if (m.metadata != null && $Object.hasOwnProperty.call(m, "metadata") && m.metadata.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.metadata);
            if (m.msgType != null && $Object.hasOwnProperty.call(m, "msgType") && m.msgType !== 0)
                w.uint32(/* id 3, wireType 0 =*/24).int32(m.msgType);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a GossipHello message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.GossipHello
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.GossipHello & gossip.GossipHello.$Shape} GossipHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GossipHello.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.GossipHello();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.nonce = v;
                        else
                            delete m.nonce;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.metadata = v;
                        else
                            delete m.metadata;
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.msgType = v;
                        else
                            delete m.msgType;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return GossipHello;
    })();

    gossip.DataDigest = (function() {

        /**
         * Properties of a DataDigest.
         * @typedef {Object} gossip.DataDigest.$Properties
         * @property {Long|null} [nonce] DataDigest nonce
         * @property {Array.<Uint8Array>|null} [digests] DataDigest digests
         * @property {gossip.PullMsgType|null} [msgType] DataDigest msgType
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DataDigest.
         * @memberof gossip
         * @interface IDataDigest
         * @augments gossip.DataDigest.$Properties
         * @deprecated Use gossip.DataDigest.$Properties instead.
         */

        /**
         * Shape of a DataDigest.
         * @typedef {gossip.DataDigest.$Properties} gossip.DataDigest.$Shape
         */

        /**
         * Constructs a new DataDigest.
         * @memberof gossip
         * @classdesc Represents a DataDigest.
         * @constructor
         * @param {gossip.DataDigest.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DataDigest = function (p) {
            this.digests = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * DataDigest nonce.
         * @member {Long} nonce
         * @memberof gossip.DataDigest
         * @instance
         */
        DataDigest.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DataDigest digests.
         * @member {Array.<Uint8Array>} digests
         * @memberof gossip.DataDigest
         * @instance
         */
        DataDigest.prototype.digests = $util.emptyArray;

        /**
         * DataDigest msgType.
         * @member {gossip.PullMsgType} msgType
         * @memberof gossip.DataDigest
         * @instance
         */
        DataDigest.prototype.msgType = 0;

        /**
         * Creates a new DataDigest instance using the specified properties.
         * @function create
         * @memberof gossip.DataDigest
         * @static
         * @param {gossip.DataDigest.$Properties=} [properties] Properties to set
         * @returns {gossip.DataDigest} DataDigest instance
         * @type {{
         *   (properties: gossip.DataDigest.$Shape): gossip.DataDigest & gossip.DataDigest.$Shape;
         *   (properties?: gossip.DataDigest.$Properties): gossip.DataDigest;
         * }}
         */
        DataDigest.create = function(properties) {
            return new DataDigest(properties);
        };

        /**
         * Encodes the specified DataDigest message. Does not implicitly {@link gossip.DataDigest.verify|verify} messages.
         * @function encode
         * @memberof gossip.DataDigest
         * @static
         * @param {gossip.DataDigest.$Properties} m DataDigest message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataDigest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.nonce != null && $Object.hasOwnProperty.call(m, "nonce") && (typeof m.nonce === "object" ? m.nonce.low || m.nonce.high : m.nonce !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.nonce);
            if (m.digests != null && m.digests.length) {
                for (var i = 0; i < m.digests.length; ++i)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.digests[i]);
            }
            if (m.msgType != null && $Object.hasOwnProperty.call(m, "msgType") && m.msgType !== 0)
                w.uint32(/* id 3, wireType 0 =*/24).int32(m.msgType);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a DataDigest message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.DataDigest
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.DataDigest & gossip.DataDigest.$Shape} DataDigest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataDigest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.DataDigest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.nonce = v;
                        else
                            delete m.nonce;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.digests && m.digests.length))
                            m.digests = [];
                        m.digests.push(r.bytes());
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.msgType = v;
                        else
                            delete m.msgType;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return DataDigest;
    })();

    gossip.DataRequest = (function() {

        /**
         * Properties of a DataRequest.
         * @typedef {Object} gossip.DataRequest.$Properties
         * @property {Long|null} [nonce] DataRequest nonce
         * @property {Array.<Uint8Array>|null} [digests] DataRequest digests
         * @property {gossip.PullMsgType|null} [msgType] DataRequest msgType
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DataRequest.
         * @memberof gossip
         * @interface IDataRequest
         * @augments gossip.DataRequest.$Properties
         * @deprecated Use gossip.DataRequest.$Properties instead.
         */

        /**
         * Shape of a DataRequest.
         * @typedef {gossip.DataRequest.$Properties} gossip.DataRequest.$Shape
         */

        /**
         * Constructs a new DataRequest.
         * @memberof gossip
         * @classdesc Represents a DataRequest.
         * @constructor
         * @param {gossip.DataRequest.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DataRequest = function (p) {
            this.digests = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * DataRequest nonce.
         * @member {Long} nonce
         * @memberof gossip.DataRequest
         * @instance
         */
        DataRequest.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DataRequest digests.
         * @member {Array.<Uint8Array>} digests
         * @memberof gossip.DataRequest
         * @instance
         */
        DataRequest.prototype.digests = $util.emptyArray;

        /**
         * DataRequest msgType.
         * @member {gossip.PullMsgType} msgType
         * @memberof gossip.DataRequest
         * @instance
         */
        DataRequest.prototype.msgType = 0;

        /**
         * Creates a new DataRequest instance using the specified properties.
         * @function create
         * @memberof gossip.DataRequest
         * @static
         * @param {gossip.DataRequest.$Properties=} [properties] Properties to set
         * @returns {gossip.DataRequest} DataRequest instance
         * @type {{
         *   (properties: gossip.DataRequest.$Shape): gossip.DataRequest & gossip.DataRequest.$Shape;
         *   (properties?: gossip.DataRequest.$Properties): gossip.DataRequest;
         * }}
         */
        DataRequest.create = function(properties) {
            return new DataRequest(properties);
        };

        /**
         * Encodes the specified DataRequest message. Does not implicitly {@link gossip.DataRequest.verify|verify} messages.
         * @function encode
         * @memberof gossip.DataRequest
         * @static
         * @param {gossip.DataRequest.$Properties} m DataRequest message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.nonce != null && $Object.hasOwnProperty.call(m, "nonce") && (typeof m.nonce === "object" ? m.nonce.low || m.nonce.high : m.nonce !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.nonce);
            if (m.digests != null && m.digests.length) {
                for (var i = 0; i < m.digests.length; ++i)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.digests[i]);
            }
            if (m.msgType != null && $Object.hasOwnProperty.call(m, "msgType") && m.msgType !== 0)
                w.uint32(/* id 3, wireType 0 =*/24).int32(m.msgType);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a DataRequest message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.DataRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.DataRequest & gossip.DataRequest.$Shape} DataRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.DataRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.nonce = v;
                        else
                            delete m.nonce;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.digests && m.digests.length))
                            m.digests = [];
                        m.digests.push(r.bytes());
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.msgType = v;
                        else
                            delete m.msgType;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return DataRequest;
    })();

    gossip.DataUpdate = (function() {

        /**
         * Properties of a DataUpdate.
         * @typedef {Object} gossip.DataUpdate.$Properties
         * @property {Long|null} [nonce] DataUpdate nonce
         * @property {Array.<gossip.Envelope.$Properties>|null} [data] DataUpdate data
         * @property {gossip.PullMsgType|null} [msgType] DataUpdate msgType
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DataUpdate.
         * @memberof gossip
         * @interface IDataUpdate
         * @augments gossip.DataUpdate.$Properties
         * @deprecated Use gossip.DataUpdate.$Properties instead.
         */

        /**
         * Shape of a DataUpdate.
         * @typedef {gossip.DataUpdate.$Properties} gossip.DataUpdate.$Shape
         */

        /**
         * Constructs a new DataUpdate.
         * @memberof gossip
         * @classdesc Represents a DataUpdate.
         * @constructor
         * @param {gossip.DataUpdate.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DataUpdate = function (p) {
            this.data = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * DataUpdate nonce.
         * @member {Long} nonce
         * @memberof gossip.DataUpdate
         * @instance
         */
        DataUpdate.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * DataUpdate data.
         * @member {Array.<gossip.Envelope.$Properties>} data
         * @memberof gossip.DataUpdate
         * @instance
         */
        DataUpdate.prototype.data = $util.emptyArray;

        /**
         * DataUpdate msgType.
         * @member {gossip.PullMsgType} msgType
         * @memberof gossip.DataUpdate
         * @instance
         */
        DataUpdate.prototype.msgType = 0;

        /**
         * Creates a new DataUpdate instance using the specified properties.
         * @function create
         * @memberof gossip.DataUpdate
         * @static
         * @param {gossip.DataUpdate.$Properties=} [properties] Properties to set
         * @returns {gossip.DataUpdate} DataUpdate instance
         * @type {{
         *   (properties: gossip.DataUpdate.$Shape): gossip.DataUpdate & gossip.DataUpdate.$Shape;
         *   (properties?: gossip.DataUpdate.$Properties): gossip.DataUpdate;
         * }}
         */
        DataUpdate.create = function(properties) {
            return new DataUpdate(properties);
        };

        /**
         * Encodes the specified DataUpdate message. Does not implicitly {@link gossip.DataUpdate.verify|verify} messages.
         * @function encode
         * @memberof gossip.DataUpdate
         * @static
         * @param {gossip.DataUpdate.$Properties} m DataUpdate message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DataUpdate.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.nonce != null && $Object.hasOwnProperty.call(m, "nonce") && (typeof m.nonce === "object" ? m.nonce.low || m.nonce.high : m.nonce !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.nonce);
            if (m.data != null && m.data.length) {
                for (var i = 0; i < m.data.length; ++i)
                    $root.gossip.Envelope.encode(m.data[i], w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            }
            if (m.msgType != null && $Object.hasOwnProperty.call(m, "msgType") && m.msgType !== 0)
                w.uint32(/* id 3, wireType 0 =*/24).int32(m.msgType);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a DataUpdate message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.DataUpdate
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.DataUpdate & gossip.DataUpdate.$Shape} DataUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DataUpdate.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.DataUpdate();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.nonce = v;
                        else
                            delete m.nonce;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.data && m.data.length))
                            m.data = [];
                        m.data.push($root.gossip.Envelope.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 3: {
                        if (u !== 0)
                            break;
                        if (v = r.int32())
                            m.msgType = v;
                        else
                            delete m.msgType;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return DataUpdate;
    })();

    gossip.AliveMessage = (function() {

        /**
         * Properties of an AliveMessage.
         * @typedef {Object} gossip.AliveMessage.$Properties
         * @property {gossip.Member.$Properties|null} [membership] AliveMessage membership
         * @property {gossip.PeerTime.$Properties|null} [timestamp] AliveMessage timestamp
         * @property {Uint8Array|null} [identity] AliveMessage identity
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an AliveMessage.
         * @memberof gossip
         * @interface IAliveMessage
         * @augments gossip.AliveMessage.$Properties
         * @deprecated Use gossip.AliveMessage.$Properties instead.
         */

        /**
         * Shape of an AliveMessage.
         * @typedef {gossip.AliveMessage.$Properties} gossip.AliveMessage.$Shape
         */

        /**
         * Constructs a new AliveMessage.
         * @memberof gossip
         * @classdesc Represents an AliveMessage.
         * @constructor
         * @param {gossip.AliveMessage.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const AliveMessage = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * AliveMessage membership.
         * @member {gossip.Member.$Properties|null|undefined} membership
         * @memberof gossip.AliveMessage
         * @instance
         */
        AliveMessage.prototype.membership = null;

        /**
         * AliveMessage timestamp.
         * @member {gossip.PeerTime.$Properties|null|undefined} timestamp
         * @memberof gossip.AliveMessage
         * @instance
         */
        AliveMessage.prototype.timestamp = null;

        /**
         * AliveMessage identity.
         * @member {Uint8Array} identity
         * @memberof gossip.AliveMessage
         * @instance
         */
        AliveMessage.prototype.identity = $util.newBuffer([]);

        /**
         * Creates a new AliveMessage instance using the specified properties.
         * @function create
         * @memberof gossip.AliveMessage
         * @static
         * @param {gossip.AliveMessage.$Properties=} [properties] Properties to set
         * @returns {gossip.AliveMessage} AliveMessage instance
         * @type {{
         *   (properties: gossip.AliveMessage.$Shape): gossip.AliveMessage & gossip.AliveMessage.$Shape;
         *   (properties?: gossip.AliveMessage.$Properties): gossip.AliveMessage;
         * }}
         */
        AliveMessage.create = function(properties) {
            return new AliveMessage(properties);
        };

        /**
         * Encodes the specified AliveMessage message. Does not implicitly {@link gossip.AliveMessage.verify|verify} messages.
         * @function encode
         * @memberof gossip.AliveMessage
         * @static
         * @param {gossip.AliveMessage.$Properties} m AliveMessage message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        AliveMessage.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.membership != null && $Object.hasOwnProperty.call(m, "membership"))
                $root.gossip.Member.encode(m.membership, w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
            if (m.timestamp != null && $Object.hasOwnProperty.call(m, "timestamp"))
                $root.gossip.PeerTime.encode(m.timestamp, w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            if (m.identity != null && $Object.hasOwnProperty.call(m, "identity") && m.identity.length)
                w.uint32(/* id 4, wireType 2 =*/34).bytes(m.identity);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes an AliveMessage message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.AliveMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.AliveMessage & gossip.AliveMessage.$Shape} AliveMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        AliveMessage.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.AliveMessage();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.membership = $root.gossip.Member.decode(r, r.size(), $undefined, q + 1, m.membership);
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        m.timestamp = $root.gossip.PeerTime.decode(r, r.size(), $undefined, q + 1, m.timestamp);
                        continue;
                    }
                case 4: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.identity = v;
                        else
                            delete m.identity;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return AliveMessage;
    })();

    gossip.PeerTime = (function() {

        /**
         * Properties of a PeerTime.
         * @typedef {Object} gossip.PeerTime.$Properties
         * @property {Long|null} [incNum] PeerTime incNum
         * @property {Long|null} [seqNum] PeerTime seqNum
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PeerTime.
         * @memberof gossip
         * @interface IPeerTime
         * @augments gossip.PeerTime.$Properties
         * @deprecated Use gossip.PeerTime.$Properties instead.
         */

        /**
         * Shape of a PeerTime.
         * @typedef {gossip.PeerTime.$Properties} gossip.PeerTime.$Shape
         */

        /**
         * Constructs a new PeerTime.
         * @memberof gossip
         * @classdesc Represents a PeerTime.
         * @constructor
         * @param {gossip.PeerTime.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PeerTime = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * PeerTime incNum.
         * @member {Long} incNum
         * @memberof gossip.PeerTime
         * @instance
         */
        PeerTime.prototype.incNum = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * PeerTime seqNum.
         * @member {Long} seqNum
         * @memberof gossip.PeerTime
         * @instance
         */
        PeerTime.prototype.seqNum = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

        /**
         * Creates a new PeerTime instance using the specified properties.
         * @function create
         * @memberof gossip.PeerTime
         * @static
         * @param {gossip.PeerTime.$Properties=} [properties] Properties to set
         * @returns {gossip.PeerTime} PeerTime instance
         * @type {{
         *   (properties: gossip.PeerTime.$Shape): gossip.PeerTime & gossip.PeerTime.$Shape;
         *   (properties?: gossip.PeerTime.$Properties): gossip.PeerTime;
         * }}
         */
        PeerTime.create = function(properties) {
            return new PeerTime(properties);
        };

        /**
         * Encodes the specified PeerTime message. Does not implicitly {@link gossip.PeerTime.verify|verify} messages.
         * @function encode
         * @memberof gossip.PeerTime
         * @static
         * @param {gossip.PeerTime.$Properties} m PeerTime message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PeerTime.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.incNum != null && $Object.hasOwnProperty.call(m, "incNum") && (typeof m.incNum === "object" ? m.incNum.low || m.incNum.high : m.incNum !== 0))
                w.uint32(/* id 1, wireType 0 =*/8).uint64(m.incNum);
            if (m.seqNum != null && $Object.hasOwnProperty.call(m, "seqNum") && (typeof m.seqNum === "object" ? m.seqNum.low || m.seqNum.high : m.seqNum !== 0))
                w.uint32(/* id 2, wireType 0 =*/16).uint64(m.seqNum);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a PeerTime message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.PeerTime
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.PeerTime & gossip.PeerTime.$Shape} PeerTime
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PeerTime.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.PeerTime();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.incNum = v;
                        else
                            delete m.incNum;
                        continue;
                    }
                case 2: {
                        if (u !== 0)
                            break;
                        if (typeof (v = r.uint64()) === "object" ? v.low || v.high : v !== 0)
                            m.seqNum = v;
                        else
                            delete m.seqNum;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return PeerTime;
    })();

    gossip.MembershipRequest = (function() {

        /**
         * Properties of a MembershipRequest.
         * @typedef {Object} gossip.MembershipRequest.$Properties
         * @property {gossip.Envelope.$Properties|null} [selfInformation] MembershipRequest selfInformation
         * @property {Array.<Uint8Array>|null} [known] MembershipRequest known
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a MembershipRequest.
         * @memberof gossip
         * @interface IMembershipRequest
         * @augments gossip.MembershipRequest.$Properties
         * @deprecated Use gossip.MembershipRequest.$Properties instead.
         */

        /**
         * Shape of a MembershipRequest.
         * @typedef {gossip.MembershipRequest.$Properties} gossip.MembershipRequest.$Shape
         */

        /**
         * Constructs a new MembershipRequest.
         * @memberof gossip
         * @classdesc Represents a MembershipRequest.
         * @constructor
         * @param {gossip.MembershipRequest.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const MembershipRequest = function (p) {
            this.known = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * MembershipRequest selfInformation.
         * @member {gossip.Envelope.$Properties|null|undefined} selfInformation
         * @memberof gossip.MembershipRequest
         * @instance
         */
        MembershipRequest.prototype.selfInformation = null;

        /**
         * MembershipRequest known.
         * @member {Array.<Uint8Array>} known
         * @memberof gossip.MembershipRequest
         * @instance
         */
        MembershipRequest.prototype.known = $util.emptyArray;

        /**
         * Creates a new MembershipRequest instance using the specified properties.
         * @function create
         * @memberof gossip.MembershipRequest
         * @static
         * @param {gossip.MembershipRequest.$Properties=} [properties] Properties to set
         * @returns {gossip.MembershipRequest} MembershipRequest instance
         * @type {{
         *   (properties: gossip.MembershipRequest.$Shape): gossip.MembershipRequest & gossip.MembershipRequest.$Shape;
         *   (properties?: gossip.MembershipRequest.$Properties): gossip.MembershipRequest;
         * }}
         */
        MembershipRequest.create = function(properties) {
            return new MembershipRequest(properties);
        };

        /**
         * Encodes the specified MembershipRequest message. Does not implicitly {@link gossip.MembershipRequest.verify|verify} messages.
         * @function encode
         * @memberof gossip.MembershipRequest
         * @static
         * @param {gossip.MembershipRequest.$Properties} m MembershipRequest message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MembershipRequest.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.selfInformation != null && $Object.hasOwnProperty.call(m, "selfInformation"))
                $root.gossip.Envelope.encode(m.selfInformation, w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
            if (m.known != null && m.known.length) {
                for (var i = 0; i < m.known.length; ++i)
                    w.uint32(/* id 2, wireType 2 =*/18).bytes(m.known[i]);
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a MembershipRequest message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.MembershipRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.MembershipRequest & gossip.MembershipRequest.$Shape} MembershipRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MembershipRequest.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.MembershipRequest();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        m.selfInformation = $root.gossip.Envelope.decode(r, r.size(), $undefined, q + 1, m.selfInformation);
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.known && m.known.length))
                            m.known = [];
                        m.known.push(r.bytes());
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return MembershipRequest;
    })();

    gossip.MembershipResponse = (function() {

        /**
         * Properties of a MembershipResponse.
         * @typedef {Object} gossip.MembershipResponse.$Properties
         * @property {Array.<gossip.Envelope.$Properties>|null} [alive] MembershipResponse alive
         * @property {Array.<gossip.Envelope.$Properties>|null} [dead] MembershipResponse dead
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a MembershipResponse.
         * @memberof gossip
         * @interface IMembershipResponse
         * @augments gossip.MembershipResponse.$Properties
         * @deprecated Use gossip.MembershipResponse.$Properties instead.
         */

        /**
         * Shape of a MembershipResponse.
         * @typedef {gossip.MembershipResponse.$Properties} gossip.MembershipResponse.$Shape
         */

        /**
         * Constructs a new MembershipResponse.
         * @memberof gossip
         * @classdesc Represents a MembershipResponse.
         * @constructor
         * @param {gossip.MembershipResponse.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const MembershipResponse = function (p) {
            this.alive = [];
            this.dead = [];
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * MembershipResponse alive.
         * @member {Array.<gossip.Envelope.$Properties>} alive
         * @memberof gossip.MembershipResponse
         * @instance
         */
        MembershipResponse.prototype.alive = $util.emptyArray;

        /**
         * MembershipResponse dead.
         * @member {Array.<gossip.Envelope.$Properties>} dead
         * @memberof gossip.MembershipResponse
         * @instance
         */
        MembershipResponse.prototype.dead = $util.emptyArray;

        /**
         * Creates a new MembershipResponse instance using the specified properties.
         * @function create
         * @memberof gossip.MembershipResponse
         * @static
         * @param {gossip.MembershipResponse.$Properties=} [properties] Properties to set
         * @returns {gossip.MembershipResponse} MembershipResponse instance
         * @type {{
         *   (properties: gossip.MembershipResponse.$Shape): gossip.MembershipResponse & gossip.MembershipResponse.$Shape;
         *   (properties?: gossip.MembershipResponse.$Properties): gossip.MembershipResponse;
         * }}
         */
        MembershipResponse.create = function(properties) {
            return new MembershipResponse(properties);
        };

        /**
         * Encodes the specified MembershipResponse message. Does not implicitly {@link gossip.MembershipResponse.verify|verify} messages.
         * @function encode
         * @memberof gossip.MembershipResponse
         * @static
         * @param {gossip.MembershipResponse.$Properties} m MembershipResponse message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        MembershipResponse.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.alive != null && m.alive.length) {
                for (var i = 0; i < m.alive.length; ++i)
                    $root.gossip.Envelope.encode(m.alive[i], w.uint32(/* id 1, wireType 2 =*/10).fork(), q + 1).ldelim();
            }
            if (m.dead != null && m.dead.length) {
                for (var i = 0; i < m.dead.length; ++i)
                    $root.gossip.Envelope.encode(m.dead[i], w.uint32(/* id 2, wireType 2 =*/18).fork(), q + 1).ldelim();
            }
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a MembershipResponse message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.MembershipResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.MembershipResponse & gossip.MembershipResponse.$Shape} MembershipResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        MembershipResponse.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.MembershipResponse();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if (!(m.alive && m.alive.length))
                            m.alive = [];
                        m.alive.push($root.gossip.Envelope.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if (!(m.dead && m.dead.length))
                            m.dead = [];
                        m.dead.push($root.gossip.Envelope.decode(r, r.size(), $undefined, q + 1));
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return MembershipResponse;
    })();

    gossip.Member = (function() {

        /**
         * Properties of a Member.
         * @typedef {Object} gossip.Member.$Properties
         * @property {string|null} [endpoint] Member endpoint
         * @property {Uint8Array|null} [metadata] Member metadata
         * @property {Uint8Array|null} [pkiId] Member pkiId
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Member.
         * @memberof gossip
         * @interface IMember
         * @augments gossip.Member.$Properties
         * @deprecated Use gossip.Member.$Properties instead.
         */

        /**
         * Shape of a Member.
         * @typedef {gossip.Member.$Properties} gossip.Member.$Shape
         */

        /**
         * Constructs a new Member.
         * @memberof gossip
         * @classdesc Represents a Member.
         * @constructor
         * @param {gossip.Member.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Member = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * Member endpoint.
         * @member {string} endpoint
         * @memberof gossip.Member
         * @instance
         */
        Member.prototype.endpoint = "";

        /**
         * Member metadata.
         * @member {Uint8Array} metadata
         * @memberof gossip.Member
         * @instance
         */
        Member.prototype.metadata = $util.newBuffer([]);

        /**
         * Member pkiId.
         * @member {Uint8Array} pkiId
         * @memberof gossip.Member
         * @instance
         */
        Member.prototype.pkiId = $util.newBuffer([]);

        /**
         * Creates a new Member instance using the specified properties.
         * @function create
         * @memberof gossip.Member
         * @static
         * @param {gossip.Member.$Properties=} [properties] Properties to set
         * @returns {gossip.Member} Member instance
         * @type {{
         *   (properties: gossip.Member.$Shape): gossip.Member & gossip.Member.$Shape;
         *   (properties?: gossip.Member.$Properties): gossip.Member;
         * }}
         */
        Member.create = function(properties) {
            return new Member(properties);
        };

        /**
         * Encodes the specified Member message. Does not implicitly {@link gossip.Member.verify|verify} messages.
         * @function encode
         * @memberof gossip.Member
         * @static
         * @param {gossip.Member.$Properties} m Member message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Member.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.endpoint != null && $Object.hasOwnProperty.call(m, "endpoint") && m.endpoint !== "")
                w.uint32(/* id 1, wireType 2 =*/10).string(m.endpoint);
            if (m.metadata != null && $Object.hasOwnProperty.call(m, "metadata") && m.metadata.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.metadata);
            if (m.pkiId != null && $Object.hasOwnProperty.call(m, "pkiId") && m.pkiId.length)
                w.uint32(/* id 3, wireType 2 =*/26).bytes(m.pkiId);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a Member message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.Member
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.Member & gossip.Member.$Shape} Member
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Member.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.Member();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.endpoint = v;
                        else
                            delete m.endpoint;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.metadata = v;
                        else
                            delete m.metadata;
                        continue;
                    }
                case 3: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.pkiId = v;
                        else
                            delete m.pkiId;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return Member;
    })();

    gossip.Empty = (function() {

        /**
         * Properties of an Empty.
         * @typedef {Object} gossip.Empty.$Properties
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Empty.
         * @memberof gossip
         * @interface IEmpty
         * @augments gossip.Empty.$Properties
         * @deprecated Use gossip.Empty.$Properties instead.
         */

        /**
         * Shape of an Empty.
         * @typedef {gossip.Empty.$Properties} gossip.Empty.$Shape
         */

        /**
         * Constructs a new Empty.
         * @memberof gossip
         * @classdesc Represents an Empty.
         * @constructor
         * @param {gossip.Empty.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Empty = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * Creates a new Empty instance using the specified properties.
         * @function create
         * @memberof gossip.Empty
         * @static
         * @param {gossip.Empty.$Properties=} [properties] Properties to set
         * @returns {gossip.Empty} Empty instance
         * @type {{
         *   (properties: gossip.Empty.$Shape): gossip.Empty & gossip.Empty.$Shape;
         *   (properties?: gossip.Empty.$Properties): gossip.Empty;
         * }}
         */
        Empty.create = function(properties) {
            return new Empty(properties);
        };

        /**
         * Encodes the specified Empty message. Does not implicitly {@link gossip.Empty.verify|verify} messages.
         * @function encode
         * @memberof gossip.Empty
         * @static
         * @param {gossip.Empty.$Properties} m Empty message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Empty.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes an Empty message from the specified reader or buffer.
         * @function decode
         * @memberof gossip.Empty
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {gossip.Empty & gossip.Empty.$Shape} Empty
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Empty.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.gossip.Empty();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                r.skipType(t & 7, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return Empty;
    })();

    return gossip;
})();

export const msp = $root.msp = (() => {

    /**
     * Namespace msp.
     * @exports msp
     * @namespace
     */
    const msp = {};

    msp.SerializedIdentity = (function() {

        /**
         * Properties of a SerializedIdentity.
         * @typedef {Object} msp.SerializedIdentity.$Properties
         * @property {string|null} [mspid] SerializedIdentity mspid
         * @property {Uint8Array|null} [idBytes] SerializedIdentity idBytes
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SerializedIdentity.
         * @memberof msp
         * @interface ISerializedIdentity
         * @augments msp.SerializedIdentity.$Properties
         * @deprecated Use msp.SerializedIdentity.$Properties instead.
         */

        /**
         * Shape of a SerializedIdentity.
         * @typedef {msp.SerializedIdentity.$Properties} msp.SerializedIdentity.$Shape
         */

        /**
         * Constructs a new SerializedIdentity.
         * @memberof msp
         * @classdesc Represents a SerializedIdentity.
         * @constructor
         * @param {msp.SerializedIdentity.$Properties=} [p] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SerializedIdentity = function (p) {
            if (p)
                for (var ks = $Object.keys(p), i = 0; i < ks.length; ++i)
                    if (p[ks[i]] != null && ks[i] !== "__proto__")
                        this[ks[i]] = p[ks[i]];
        };

        /**
         * SerializedIdentity mspid.
         * @member {string} mspid
         * @memberof msp.SerializedIdentity
         * @instance
         */
        SerializedIdentity.prototype.mspid = "";

        /**
         * SerializedIdentity idBytes.
         * @member {Uint8Array} idBytes
         * @memberof msp.SerializedIdentity
         * @instance
         */
        SerializedIdentity.prototype.idBytes = $util.newBuffer([]);

        /**
         * Creates a new SerializedIdentity instance using the specified properties.
         * @function create
         * @memberof msp.SerializedIdentity
         * @static
         * @param {msp.SerializedIdentity.$Properties=} [properties] Properties to set
         * @returns {msp.SerializedIdentity} SerializedIdentity instance
         * @type {{
         *   (properties: msp.SerializedIdentity.$Shape): msp.SerializedIdentity & msp.SerializedIdentity.$Shape;
         *   (properties?: msp.SerializedIdentity.$Properties): msp.SerializedIdentity;
         * }}
         */
        SerializedIdentity.create = function(properties) {
            return new SerializedIdentity(properties);
        };

        /**
         * Encodes the specified SerializedIdentity message. Does not implicitly {@link msp.SerializedIdentity.verify|verify} messages.
         * @function encode
         * @memberof msp.SerializedIdentity
         * @static
         * @param {msp.SerializedIdentity.$Properties} m SerializedIdentity message or plain object to encode
         * @param {$protobuf.Writer} [w] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SerializedIdentity.encode = function (m, w, q) {
            if (!w)
                w = $Writer.create();
            if (q === $undefined)
                q = 0;
            if (q > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (m.mspid != null && $Object.hasOwnProperty.call(m, "mspid") && m.mspid !== "")
                w.uint32(/* id 1, wireType 2 =*/10).string(m.mspid);
            if (m.idBytes != null && $Object.hasOwnProperty.call(m, "idBytes") && m.idBytes.length)
                w.uint32(/* id 2, wireType 2 =*/18).bytes(m.idBytes);
            if (m.$unknowns != null && $Object.hasOwnProperty.call(m, "$unknowns"))
                for (var i = 0; i < m.$unknowns.length; ++i)
                    w.raw(m.$unknowns[i]);
            return w;
        };

        /**
         * Decodes a SerializedIdentity message from the specified reader or buffer.
         * @function decode
         * @memberof msp.SerializedIdentity
         * @static
         * @param {$protobuf.Reader|Uint8Array} r Reader or buffer to decode from
         * @param {number} [l] Message length if known beforehand
         * @returns {msp.SerializedIdentity & msp.SerializedIdentity.$Shape} SerializedIdentity
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SerializedIdentity.decode = function (r, l, z, q, g) {
            if (!(r instanceof $Reader))
                r = $Reader.create(r);
            if (q === $undefined)
                q = 0;
            if (q > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            var c, m, v;
            if (l === $undefined)
                c = r.len;
            else {
                c = r.pos + l;
                if (c > r.len)
                    throw $RangeError("index out of range");
                l = r.len;
                r.len = c;
            }
            m = g || new $root.msp.SerializedIdentity();
            while (r.pos < c) {
                var s = r.pos;
                var t = r.tag();
                if (t === z) {
                    z = $undefined;
                    break;
                }
                var u = t & 7;
                switch (t >>>= 3) {
                case 1: {
                        if (u !== 2)
                            break;
                        if ((v = r.stringVerify()).length)
                            m.mspid = v;
                        else
                            delete m.mspid;
                        continue;
                    }
                case 2: {
                        if (u !== 2)
                            break;
                        if ((v = r.bytes()).length)
                            m.idBytes = v;
                        else
                            delete m.idBytes;
                        continue;
                    }
                }
                r.skipType(u, q, t);
                if (!r.discardUnknown) {
                    $util.makeProp(m, "$unknowns", false);
                    (m.$unknowns || (m.$unknowns = [])).push(r.raw(s, r.pos));
                }
            }
            if (l !== $undefined) {
                if (r.pos !== c)
                    throw $RangeError("index out of range");
                r.len = l;
            }
            if (z !== $undefined)
                throw $Error("missing end group");
            return m;
        };

        return SerializedIdentity;
    })();

    return msp;
})();

export {
  $root as default
};
