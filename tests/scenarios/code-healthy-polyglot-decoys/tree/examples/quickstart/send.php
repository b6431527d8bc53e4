<?php
use Twilio\Rest\Client;
$client = new Client("[AccountSid]", "[AuthToken]");
