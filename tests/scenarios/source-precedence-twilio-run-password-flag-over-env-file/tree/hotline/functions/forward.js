exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  twiml.dial(context.FORWARD_TO);
  return callback(null, twiml);
};
